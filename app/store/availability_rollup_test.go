package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"statusdash/app/availability"
	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// checkRollups compares, at now, the figures ReadAvailability sums from the
// roll-ups with those of the full timelines (ReadTimelines), month by
// month and component by component: they must be equal to the nanosecond.
func checkRollups(t *testing.T, s *store.Storage, now time.Time) {
	t.Helper()
	ctx := context.Background()
	report, err := s.ReadAvailability(ctx, now)
	if err != nil {
		t.Fatalf("ReadAvailability: %v", err)
	}
	months := availability.Months(now.UTC(), store.AvailabilityMonths, time.UTC)
	timelines, err := s.ReadTimelines(ctx, months[len(months)-1].Start, now)
	if err != nil {
		t.Fatalf("ReadTimelines: %v", err)
	}
	for _, row := range report.Rows {
		want := timelines[row.Component.ID].Figures(months)
		for i, got := range row.Months {
			if got != want[i] {
				t.Errorf("at %v, component %d, %v: got %+v,\nwant %+v", now.Format(time.RFC3339), row.Component.ID,
					months[i].Start.Format("Jan 2006"), got, want[i])
			}
		}
	}
}

// The roll-ups are a stored result of the timelines, not new arithmetic:
// for every history the write paths leave, the figures from them equal the
// figures from every event, now and as days and months pass.
func TestAvailabilityRollupsMatchTimelines(t *testing.T) {
	t.Parallel()
	day := 24 * time.Hour
	tests := []struct {
		name string
		// write writes the history and returns the time of its last write.
		write func(t *testing.T, f *eventFixture) time.Time
	}{
		{"the same, written as the present: finalized afterwards", func(t *testing.T, f *eventFixture) time.Time {
			base := f.now.Add(-4 * day).Truncate(time.Hour)
			finalizedFrom(t, f.s, base)
			last, _ := writeTimelineScenarios(t, f, base, 10*time.Minute)
			return last
		}},
		{"impact changes, reports, moves, extraction, reopening, open and maintenance", func(t *testing.T, f *eventFixture) time.Time {
			base := f.now.Add(-4 * day).Truncate(time.Hour)
			last, _ := writeTimelineScenarios(t, f, base, 10*time.Minute)
			return last
		}},
		{"a past incident's end and start edited, overlapping across midnight", func(t *testing.T, f *eventFixture) time.Time {
			midnight := f.now.Add(-40 * day).Truncate(day)
			outage := f.closed(t, store.NewEvent{Type: model.TypeIncident, Title: "Down", Impact: model.ImpactOutage, ComponentIDs: []uint{1, 2},
				StartAt: midnight.Add(-3 * time.Hour)}, midnight.Add(2*time.Hour), midnight.Add(3*time.Hour))
			f.closed(t, store.NewEvent{Type: model.TypeIncident, Title: "Slow", Impact: model.ImpactMajor, ComponentIDs: []uint{2},
				StartAt: midnight.Add(-time.Hour)}, midnight.Add(5*time.Hour), midnight.Add(6*time.Hour))
			f.create(t, store.NewEvent{Type: model.TypeMaintenance, Title: "Move", ComponentIDs: []uint{2, 3},
				StartAt: midnight.Add(time.Hour), EndAt: ptr(midnight.Add(3*day + time.Hour))}, midnight.Add(-2*day))
			if _, err := f.s.EditEvent(f.ctx, f.actor, outage.ID, store.EventEdit{StartAt: ptr(midnight.Add(-30 * time.Hour)),
				EndAt: ptr(midnight.Add(day + 7*time.Hour))}, f.now); err != nil {
				t.Fatalf("edit: %v", err)
			}
			// Across the turn of a month, edited back shorter.
			month := time.Date(f.now.Year(), f.now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -2, 0)
			turn := f.closed(t, store.NewEvent{Type: model.TypeIncident, Title: "Turn", Impact: model.ImpactMinor, ComponentIDs: []uint{3, 4},
				StartAt: month.Add(-2 * day)}, month.Add(2*day), month.Add(2*day))
			if _, err := f.s.EditEvent(f.ctx, f.actor, turn.ID, store.EventEdit{EndAt: ptr(month.Add(time.Hour))}, f.now); err != nil {
				t.Fatalf("edit: %v", err)
			}
			return f.now
		}},
		{"open for days, and windows to come", func(t *testing.T, f *eventFixture) time.Time {
			f.create(t, store.NewEvent{Type: model.TypeIncident, Title: "Still down", Impact: model.ImpactMajor, ComponentIDs: []uint{1, 2},
				StartAt: f.now.Add(-3*day - 5*time.Hour)}, f.now.Add(-3*day))
			f.closed(t, store.NewEvent{Type: model.TypeIncident, Title: "Over", Impact: model.ImpactOutage, ComponentIDs: []uint{3},
				StartAt: f.now.Add(-2 * day)}, f.now.Add(-day), f.now.Add(-day))
			f.create(t, store.NewEvent{Type: model.TypeMaintenance, Title: "Planned", ComponentIDs: []uint{2, 4},
				StartAt: f.now.Add(20 * time.Hour), EndAt: ptr(f.now.Add(50 * time.Hour))}, f.now)
			return f.now
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, s *store.Storage) {
				f := newEventFixture(t, s)
				olderComponents(t, f, f.now.Add(-400*day))
				last := tt.write(t, f)
				// Before and after the finalizer reaches each instant.
				for _, later := range []time.Duration{0, time.Minute, day + 3*time.Hour, 3 * day, 45 * day} {
					checkRollups(t, s, last.Add(later))
					if _, err := s.FinalizeAvailability(f.ctx, last.Add(later)); err != nil {
						t.Fatal(err)
					}
					checkRollups(t, s, last.Add(later))
				}
				// The migration that adds the roll-ups builds the same from the events.
				if err := store.MigrateDownToForTest(f.ctx, s, 5); err != nil {
					t.Fatalf("migrate down to 5: %v", err)
				}
				if _, err := s.MigrateUp(f.ctx); err != nil {
					t.Fatalf("migrate up: %v", err)
				}
				checkRollups(t, s, last.Add(day+3*time.Hour))
			})
		})
	}
}

// A history older than its component (bootstrap imports one) counts from
// its first event, as the timelines count it, whether the store's writes
// or a rebuild put it there.
func TestAvailabilityRollupsOfImportedHistory(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		olderComponents(t, f, f.now.Add(-time.Hour))
		b := rows(t, s)
		b.Event(model.Event{Type: model.TypeIncident, Title: "imported", Impact: model.ImpactMajor, Status: model.StatusResolved,
			StartAt: f.now.Add(-50 * 24 * time.Hour), EndAt: ptr(f.now.Add(-49 * 24 * time.Hour))}, &f.components[0])
		if err := s.RebuildAvailability(f.ctx, f.now); err != nil {
			t.Fatal(err)
		}
		checkRollups(t, s, f.now)
		f.create(t, store.NewEvent{Type: model.TypeMaintenance, Title: "earlier", ComponentIDs: []uint{2},
			StartAt: f.now.Add(-70*24*time.Hour - 5*time.Hour), EndAt: ptr(f.now.Add(-70 * 24 * time.Hour))}, f.now)
		checkRollups(t, s, f.now.Add(time.Minute))
		checkRollups(t, s, f.now.Add(10*24*time.Hour))
	})
}

// The availability report reads rows per component and month, not per
// event: its statements and the roll-ups' rows stay as they are when
// events are added to the same days.
func TestAvailabilityRollupsDoNotGrowWithEvents(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		olderComponents(t, f, f.now.Add(-400*24*time.Hour))
		yesterday := f.now.Truncate(24 * time.Hour).Add(-24 * time.Hour)
		read := func() (queries, days, months int64) {
			counted, count := store.CountQueriesForTest(s)
			if _, err := counted.ReadAvailability(f.ctx, f.now); err != nil {
				t.Fatalf("ReadAvailability: %v", err)
			}
			days, months = store.RollupRowsForTest(t, s)
			return count(), days, months
		}
		incidents := func(n int) {
			for i := range n {
				start := yesterday.Add(time.Duration(i) * time.Minute)
				f.closed(t, store.NewEvent{Type: model.TypeIncident, Title: "blip", Impact: model.ImpactOutage, ComponentIDs: []uint{1, 2},
					StartAt: start}, start.Add(time.Minute), f.now)
			}
		}
		incidents(1)
		queries, days, months := read()
		incidents(30)
		gotQueries, gotDays, gotMonths := read()
		if gotQueries != queries || gotDays != days || gotMonths != months {
			t.Errorf("after 30 more incidents on the same day: %d queries, %d day rows, %d month rows; want %d, %d, %d",
				gotQueries, gotDays, gotMonths, queries, days, months)
		}
		if days != 2 || months != 2 {
			t.Errorf("roll-up rows: %d days, %d months; want 2 and 2 (two components, one day)", days, months)
		}
	})
}

// olderComponents dates the fixture's components at created.
func olderComponents(t *testing.T, f *eventFixture, created time.Time) {
	t.Helper()
	sqlDB, err := f.s.SQL()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sqlDB.ExecContext(f.ctx, "UPDATE components SET created_at = $1", created); err != nil {
		t.Fatal(err)
	}
}

// closed writes an incident through the store at now, and resolves it at end.
func (f *eventFixture) closed(t *testing.T, in store.NewEvent, end, now time.Time) *model.Event {
	t.Helper()
	e := f.create(t, in, now)
	resolved, err := f.s.AddUpdate(f.ctx, f.actor, e.ID, store.NewUpdate{Status: model.StatusResolved, Message: "over", At: end}, now)
	if err != nil {
		t.Fatalf("resolve %q: %v", in.Title, err)
	}
	return resolved
}

// create writes the event through the store at now.
func (f *eventFixture) create(t *testing.T, in store.NewEvent, now time.Time) *model.Event {
	t.Helper()
	e, err := f.s.CreateEvent(f.ctx, f.actor, in, now)
	if err != nil {
		t.Fatalf("create %q: %v", in.Title, err)
	}
	return e
}

// Provisioning writes history older than its components in one
// transaction: the roll-ups follow it; a purge takes them with the events.
func TestAvailabilityRollupsFollowProvisioningAndPurge(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		ctx := context.Background()
		now := time.Now().UTC()
		spec := sampleSpec(now.Add(-20 * 24 * time.Hour))
		end := now.Add(-90 * 24 * time.Hour)
		spec.Events = append(spec.Events, store.EventSpec{Type: model.TypeMaintenance, Title: "Imported", Status: model.StatusCompleted,
			StartAt: end.Add(-30 * time.Hour), EndAt: &end, Components: []store.ComponentSpec{{Service: "ecs", Region: "eu-nl"}}})
		if _, err := s.ProvisionCatalog(ctx, store.BootstrapActor, spec, now); err != nil {
			t.Fatal(err)
		}
		checkRollups(t, s, now.Add(time.Minute))
		if days, months := store.RollupRowsForTest(t, s); days != 3 || months != 2 {
			t.Errorf("after provisioning: %d day rows, %d month rows; want 3 and 2", days, months)
		}
		generation := func() int64 {
			t.Helper()
			recent, err := s.ReadRecentAvailability(ctx, now, store.UptimeDays, store.AvailabilityScope{})
			if err != nil {
				t.Fatalf("read recent availability: %v", err)
			}
			return recent.Generation
		}
		before := generation()
		if _, err := s.PurgeCatalog(ctx, store.BootstrapActor, now); err != nil {
			t.Fatal(err)
		}
		if days, months := store.RollupRowsForTest(t, s); days != 0 || months != 0 {
			t.Errorf("after the purge: %d day rows, %d month rows; want none", days, months)
		}
		// Servers keep the rows they read per generation: a purge must
		// move it on, or a new catalog's components, which may take the
		// purged ones' ids, would show their days.
		if after := generation(); after <= before {
			t.Errorf("rollup generation %d after the purge, want more than %d", after, before)
		}
	})
}

// The event reads of the availability report and of a service page find
// their few events by index, not by a walk of every event.
func TestPageReadsUseIndexes(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		ctx := context.Background()
		now := time.Now().UTC()
		if _, err := s.ProvisionCatalog(ctx, store.BootstrapActor, historyCatalog(now, 1000), now); err != nil {
			t.Fatalf("provision: %v", err)
		}
		tree, err := s.ReadCatalog(ctx)
		if err != nil {
			t.Fatal(err)
		}
		plans, err := store.ExplainPageReadsForTest(ctx, s, tree.Components[0].ID, tree.Services[0].ID, now)
		if err != nil {
			t.Fatalf("explain: %v", err)
		}
		for i, plan := range plans {
			serviceRead := i >= len(plans)-2
			// The service page's reads start from the service's links, which
			// a walk of the events by start (newest first, testing each) skips.
			if serviceRead && !strings.Contains(plan, "event_components_component_id_idx") {
				t.Errorf("service read %d does not start from the service's links:\n%s", i, plan)
			}
			// At this size PostgreSQL rightly reads the 1,000 events whole
			// to join them with the service's links, rather than look each up.
			seqScanAllowed := serviceRead && s.Dialect() == store.Postgres
			if (!seqScanAllowed && strings.Contains(plan, "Seq Scan on events")) || strings.Contains(plan, "SCAN events\n") || strings.Contains(plan, "SCAN e\n") ||
				strings.Contains(plan, "events_start_at_id_idx") || strings.Contains(plan, "events_title_type_idx") {
				t.Errorf("read %d walks every event:\n%s", i, plan)
			}
		}
	})
}

// TestStatuspageListsWalkTheStartIndex: the Statuspage files' newest
// incidents and maintenance walk events_start_at_id_idx and stop after a
// page, rather than reading every event of the type and sorting them, even
// before the planner has statistics (SQLite after provisioning).
func TestStatuspageListsWalkTheStartIndex(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		ctx := context.Background()
		now := time.Now().UTC()
		if _, err := s.ProvisionCatalog(ctx, store.BootstrapActor, historyCatalog(now, 1000), now); err != nil {
			t.Fatalf("provision: %v", err)
		}
		plans, err := store.ExplainStatuspageListsForTest(ctx, s, 50)
		if err != nil {
			t.Fatalf("explain: %v", err)
		}
		for i, plan := range plans {
			if s.Dialect() == store.SQLite && (strings.Contains(plan, "TEMP B-TREE") || !strings.Contains(plan, "events_start_at_id_idx")) {
				t.Errorf("list %d sorts the events of its type instead of walking the start index:\n%s", i, plan)
			}
		}
	})
}
