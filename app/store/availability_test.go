package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"statusdash/app/availability"
	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

func TestReadAvailability(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		b := rows(t, s)
		catalog := b.Catalog(1, 1, 3)
		old, newer, future := catalog.Components[0], catalog.Components[1], catalog.Components[2]
		b.Exec("UPDATE components SET created_at = ?", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
		// Created on 10 February at noon, and after now.
		b.Exec("UPDATE components SET created_at = ? WHERE id = ?", time.Date(2026, 2, 10, 12, 0, 0, 0, time.UTC), newer.ID)
		b.Exec("UPDATE components SET created_at = ? WHERE id = ?", readNow.Add(time.Hour), future.ID)
		incident := func(start, end time.Time, impact model.Impact, component *model.Component) *model.Event {
			e := model.Event{Type: model.TypeIncident, Title: "down", Impact: impact, Status: model.StatusResolved, StartAt: start}
			if !end.IsZero() {
				e.EndAt = &end
			}
			return b.Event(e, component)
		}
		// February 2026 has 28 days; 14 hours across the 1 March boundary:
		// 10 hours in February, 4 in March.
		incident(time.Date(2026, 2, 28, 14, 0, 0, 0, time.UTC), time.Date(2026, 3, 1, 4, 0, 0, 0, time.UTC), model.ImpactOutage, old)
		// Overlapping outages count once: 1 hour in January.
		incident(time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC), time.Date(2026, 1, 5, 11, 0, 0, 0, time.UTC), model.ImpactOutage, old)
		incident(time.Date(2026, 1, 5, 10, 30, 0, 0, time.UTC), time.Date(2026, 1, 5, 10, 45, 0, 0, time.UTC), model.ImpactOutage, old)
		// A partial outage for a day counts 30 %: 7.2 hours in January.
		incident(time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 21, 0, 0, 0, 0, time.UTC), model.ImpactMajor, old)
		// Raised from minor to outage after 60 of 120 minutes, as the writes record it: 1 hour in December.
		raised := incident(time.Date(2025, 12, 3, 8, 0, 0, 0, time.UTC), time.Date(2025, 12, 3, 10, 0, 0, 0, time.UTC), model.ImpactOutage, old)
		b.Exec("INSERT INTO event_changes (event_id, at, kind, impact, previous_impact) VALUES (?, ?, 'impact', 3, 1)",
			raised.ID, time.Date(2025, 12, 3, 9, 0, 0, 0, time.UTC))
		// Maintenance is left out of the measured time: 1 day in November.
		b.Event(model.Event{Type: model.TypeMaintenance, Title: "upgrade", Status: model.StatusCompleted,
			StartAt: time.Date(2025, 11, 2, 0, 0, 0, 0, time.UTC), EndAt: ptr(time.Date(2025, 11, 3, 0, 0, 0, 0, time.UTC))}, old)
		// An open outage counts up to now: the last 2 hours.
		incident(readNow.Add(-2*time.Hour), time.Time{}, model.ImpactOutage, newer)

		// The rows went in around the store's writes: build the roll-ups.
		if err := s.RebuildAvailability(context.Background(), readNow); err != nil {
			t.Fatal(err)
		}
		report, err := s.ReadAvailability(context.Background(), readNow)
		if err != nil {
			t.Fatalf("ReadAvailability: %v", err)
		}
		if len(report.Months) != store.AvailabilityMonths || !report.Months[0].Equal(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("months = %v, want 12 starting March 2026", report.Months)
		}
		if len(report.Rows) != 3 || report.Rows[0].Component.ID != old.ID {
			t.Fatalf("rows = %d, first %d; want 3, first %d", len(report.Rows), report.Rows[0].Component.ID, old.ID)
		}
		day := 24 * time.Hour
		march := 14*day + 12*time.Hour // up to readNow
		tests := []struct {
			name      string
			row       int
			month     int
			noData    bool
			measured  time.Duration
			downtime  time.Duration
			maintains time.Duration
		}{
			{"March up to now", 0, 0, false, march, 4 * time.Hour, 0},
			{"February", 0, 1, false, 28 * day, 10 * time.Hour, 0},
			{"January: overlaps once, a partial outage at 30 %", 0, 2, false, 31 * day, time.Hour + 7*time.Hour + 12*time.Minute, 0},
			{"December: outage only after the raise", 0, 3, false, 31 * day, time.Hour, 0},
			{"November: maintenance not measured", 0, 4, false, 29 * day, 0, day},
			{"created mid-February: measured from then", 1, 1, false, 18*day + 12*time.Hour, 0, 0},
			{"an open outage counts up to now", 1, 0, false, march, 2 * time.Hour, 0},
			{"before its creation: no data", 1, 2, true, 0, 0, 0},
			{"created after now: no data", 2, 0, true, 0, 0, 0},
		}
		for _, tt := range tests {
			got := report.Rows[tt.row].Months[tt.month]
			if got.NoData != tt.noData || got.Measured != tt.measured || got.Downtime() != tt.downtime || got.Maintenance != tt.maintains {
				t.Errorf("%s: no data %v, measured %v, downtime %v, maintenance %v; want %v, %v, %v, %v",
					tt.name, got.NoData, got.Measured, got.Downtime(), got.Maintenance, tt.noData, tt.measured, tt.downtime, tt.maintains)
			}
		}
	})
}

// The availability report reads the same number of statements whatever the
// number of components and events.
func TestReadAvailabilityQueryBudget(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		b := rows(t, s)
		catalog := b.Catalog(2, 2, 3)
		count := func() int64 {
			counted, queries := store.CountQueriesForTest(s)
			if _, err := counted.ReadAvailability(context.Background(), readNow); err != nil {
				t.Fatalf("ReadAvailability: %v", err)
			}
			return queries()
		}
		// Finalized up to now's day, as the finalizer keeps it.
		if err := s.RebuildAvailability(context.Background(), readNow); err != nil {
			t.Fatal(err)
		}
		empty := count()
		for i, component := range catalog.Components {
			start := readNow.Add(-time.Duration(i+1) * 24 * time.Hour)
			e := b.Event(model.Event{Type: model.TypeIncident, Title: "down", Impact: model.ImpactMajor, Status: model.StatusResolved,
				StartAt: start, EndAt: ptr(start.Add(time.Hour))}, component)
			b.Exec("INSERT INTO event_changes (event_id, at, kind, impact, previous_impact) VALUES (?, ?, 'impact', 2, 1)", e.ID, start.Add(time.Minute))
			b.Event(model.Event{Type: model.TypeMaintenance, Title: "upgrade", Status: model.StatusCompleted,
				StartAt: start.Add(2 * time.Hour), EndAt: ptr(start.Add(3 * time.Hour))}, component)
		}
		if err := s.RebuildAvailability(context.Background(), readNow); err != nil {
			t.Fatal(err)
		}
		if full := count(); full != empty || full != 7 {
			t.Errorf("ReadAvailability made %d queries with events, %d without; want 7 both times", full, empty)
		}
	})
}

// timelineScenario writes, through the store's write paths, one scenario per
// six-hour window from base, and says what each component's figure over
// that window must be. lag is how long after its time the operator posts
// the impact change of the first scenario.
type timelineWant struct {
	name                                   string
	window                                 int
	component                              uint
	degraded, partial, outage, maintenance time.Duration
}

func writeTimelineScenarios(t *testing.T, f *eventFixture, base time.Time, lag time.Duration) (now time.Time, wants []timelineWant) {
	t.Helper()
	s, ctx, actor := f.s, f.ctx, f.actor
	minutes := func(n int) time.Duration { return time.Duration(n) * time.Minute }
	window := func(k, m int) time.Time { return base.Add(time.Duration(k)*6*time.Hour + minutes(m)) }
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	open := func(k int, impact model.Impact, components ...uint) *model.Event {
		t.Helper()
		e, err := s.CreateEvent(ctx, actor, store.NewEvent{Type: model.TypeIncident, Title: "Incident", Impact: impact,
			ComponentIDs: components, StartAt: window(k, 0)}, window(k, 0))
		check(err)
		return e
	}
	update := func(e *model.Event, status string, at, posted time.Time, impact *model.Impact) {
		t.Helper()
		_, err := s.AddUpdate(ctx, actor, e.ID, store.NewUpdate{Status: status, Message: status, At: at, Impact: impact}, posted)
		check(err)
	}
	report := func(component uint, impact model.Impact, at time.Time) *model.Event {
		t.Helper()
		result, err := s.ReportComponent(ctx, actor, store.Report{ComponentID: component, Impact: impact}, at)
		check(err)
		return result.Event
	}
	outage, minor, major := model.ImpactOutage, model.ImpactMinor, model.ImpactMajor

	// 0: an operator raises minor to outage after 60 of 120 minutes.
	e := open(0, minor, 1)
	update(e, model.StatusImpactChanged, window(0, 60), window(0, 60).Add(lag), &outage)
	update(e, model.StatusResolved, window(0, 120), window(0, 120), nil)
	wants = append(wants, timelineWant{name: "operator raise", window: 0, component: 1, degraded: minutes(60), outage: minutes(60)})

	// 1: an operator lowers an outage to minor after 60 of 120 minutes.
	e = open(1, outage, 1)
	update(e, model.StatusImpactChanged, window(1, 60), window(1, 60), &minor)
	update(e, model.StatusResolved, window(1, 120), window(1, 120), nil)
	wants = append(wants, timelineWant{name: "operator lowering", window: 1, component: 1, outage: minutes(60), degraded: minutes(60)})

	// 2: monitoring reports minor, then outage (the impact is raised),
	// then another component joins the outage 45 minutes in.
	system := report(2, minor, window(2, 0))
	report(2, outage, window(2, 30))
	report(3, outage, window(2, 45))
	update(system, model.StatusResolved, window(2, 90), window(2, 90), nil)
	wants = append(wants,
		timelineWant{name: "v1 raise", window: 2, component: 2, degraded: minutes(30), outage: minutes(60)},
		timelineWant{name: "v1 join", window: 2, component: 3, outage: minutes(45)})

	// 3: two components in a minor system incident; one moves up into a new
	// major incident, resolved before the minor one.
	shared := report(2, minor, window(3, 0))
	report(3, minor, window(3, 5))
	moved := report(2, major, window(3, 30))
	update(moved, model.StatusResolved, window(3, 40), window(3, 40), nil)
	update(shared, model.StatusResolved, window(3, 90), window(3, 90), nil)
	wants = append(wants,
		timelineWant{name: "v1 move", window: 3, component: 2, degraded: minutes(30), partial: minutes(10)},
		timelineWant{name: "stays after a move", window: 3, component: 3, degraded: minutes(85)})

	// 4: an incident raised to outage after 60 minutes; one component is
	// extracted at 90 into a new incident resolved later.
	e = open(4, minor, 3, 4)
	update(e, model.StatusImpactChanged, window(4, 60), window(4, 60), &outage)
	extracted, err := s.ExtractComponents(ctx, actor, e.ID, []uint{4}, window(4, 90))
	check(err)
	update(e, model.StatusResolved, window(4, 120), window(4, 120), nil)
	update(extracted, model.StatusResolved, window(4, 150), window(4, 150), nil)
	wants = append(wants,
		timelineWant{name: "extracted", window: 4, component: 4, degraded: minutes(60), outage: minutes(90)},
		timelineWant{name: "left behind", window: 4, component: 3, degraded: minutes(60), outage: minutes(60)})

	// 5: resolved after 30 minutes, reopened at 90, resolved at 120.
	e = open(5, outage, 1)
	update(e, model.StatusResolved, window(5, 30), window(5, 30), nil)
	update(e, model.StatusReopened, window(5, 90), window(5, 90), nil)
	update(e, model.StatusResolved, window(5, 120), window(5, 120), nil)
	wants = append(wants, timelineWant{name: "reopened", window: 5, component: 1, outage: minutes(60)})

	// 6: monitoring reports minor at 60; at 90 an operator opens an outage
	// said to have started at 0, taking the component: it counts from 0.
	report(1, minor, window(6, 60))
	taken, err := s.CreateEvent(ctx, actor, store.NewEvent{Type: model.TypeIncident, Title: "Down", Impact: outage,
		ComponentIDs: []uint{1}, StartAt: window(6, 0)}, window(6, 90))
	check(err)
	update(taken, model.StatusResolved, window(6, 120), window(6, 120), nil)
	wants = append(wants, timelineWant{name: "taken by a person's incident", window: 6, component: 1, outage: minutes(120)})

	// 7: an open partial outage counts up to now; a maintenance window is
	// left out.
	open(7, major, 1)
	_, err = s.CreateEvent(ctx, actor, store.NewEvent{Type: model.TypeMaintenance, Title: "Upgrade", ComponentIDs: []uint{2},
		StartAt: window(7, 10), EndAt: ptr(window(7, 40))}, window(7, 0))
	check(err)
	wants = append(wants,
		timelineWant{name: "open", window: 7, component: 1, partial: minutes(100)},
		timelineWant{name: "maintenance", window: 7, component: 2, maintenance: minutes(30)})
	return window(7, 100), wants
}

func checkTimelines(t *testing.T, s *store.Storage, base, now time.Time, wants []timelineWant) {
	t.Helper()
	timelines, err := s.ReadTimelines(context.Background(), base, now)
	if err != nil {
		t.Fatalf("ReadTimelines: %v", err)
	}
	for _, want := range wants {
		start := base.Add(time.Duration(want.window) * 6 * time.Hour)
		got := timelines[want.component].Figures([]availability.Span{{Start: start, End: start.Add(6 * time.Hour)}})[0]
		if got.Degraded != want.degraded || got.Partial != want.partial || got.Outage != want.outage || got.Maintenance != want.maintenance {
			t.Errorf("%s: component %d degraded %v, partial %v, outage %v, maintenance %v; want %v, %v, %v, %v", want.name, want.component,
				got.Degraded, got.Partial, got.Outage, got.Maintenance, want.degraded, want.partial, want.outage, want.maintenance)
		}
	}
}

// Every write path that changes what a component holds records it: the
// figures follow the impact each component had for the minutes it had it.
func TestEventWritesRecordTimelines(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		base := f.now.Add(-4 * 24 * time.Hour).Truncate(time.Hour)
		// The operator posts the raise ten minutes after its time: it counts from its time.
		now, wants := writeTimelineScenarios(t, f, base, 10*time.Minute)
		checkTimelines(t, s, base, now, wants)
	})
}

// The migration that adds event_changes rebuilds them from the audit log:
// the timelines of events written before it are the ones the writes record.
func TestEventChangesBackfill(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		base := f.now.Add(-4 * 24 * time.Hour).Truncate(time.Hour)
		now, wants := writeTimelineScenarios(t, f, base, 0)
		if err := store.MigrateDownToForTest(f.ctx, s, 3); err != nil {
			t.Fatalf("migrate down to 3: %v", err)
		}
		if _, err := s.MigrateUp(f.ctx); err != nil {
			t.Fatalf("migrate up: %v", err)
		}
		checkTimelines(t, s, base, now, wants)
	})
}

// Migration 00005 ends the windows called off before they began at their
// cancellation, as the writes do from now on.
func TestFinishedWindowsMigration(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		b := rows(t, s)
		catalog := b.Catalog(1, 1, 1)
		cancelledAt := readNow.Add(-time.Hour)
		called := b.Event(model.Event{Type: model.TypeMaintenance, Title: "called off", Status: model.StatusCancelled,
			StartAt: readNow.Add(24 * time.Hour), EndAt: ptr(readNow.Add(26 * time.Hour))}, catalog.Components[0])
		b.Update(called, model.StatusPlanned, "planned", readNow.Add(-48*time.Hour))
		b.Update(called, model.StatusCancelled, "off", cancelledAt)
		done := b.Event(model.Event{Type: model.TypeMaintenance, Title: "done", Status: model.StatusCompleted,
			StartAt: readNow.Add(-3 * time.Hour), EndAt: ptr(readNow.Add(-2 * time.Hour))}, catalog.Components[0])
		b.Update(done, model.StatusCompleted, "done", readNow.Add(-2*time.Hour))
		ctx := context.Background()
		if err := store.MigrateDownToForTest(ctx, s, 4); err != nil {
			t.Fatalf("migrate down to 4: %v", err)
		}
		if _, err := s.MigrateUp(ctx); err != nil {
			t.Fatalf("migrate up: %v", err)
		}
		for _, tt := range []struct {
			event      *model.Event
			start, end time.Time
		}{{called, cancelledAt, cancelledAt}, {done, readNow.Add(-3 * time.Hour), readNow.Add(-2 * time.Hour)}} {
			got, err := s.ReadEvent(ctx, tt.event.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !got.StartAt.Equal(tt.start) || got.EndAt == nil || !got.EndAt.Equal(tt.end) {
				t.Errorf("%s: window %v to %v, want %v to %v", got.Title, got.StartAt, got.EndAt, tt.start, tt.end)
			}
		}
	})
}

func TestReadRegionAvailability(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		b := rows(t, s)
		catalog := b.Catalog(2, 1, 2)
		b.Exec("UPDATE components SET created_at = ?", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
		// An hour's outage in each region's first component, on different days.
		for i, region := range catalog.Regions {
			for _, component := range catalog.Components {
				if component.RegionID == region.ID {
					start := time.Date(2026, 1, 5+i, 10, 0, 0, 0, time.UTC)
					b.Event(model.Event{Type: model.TypeIncident, Title: "down", Impact: model.ImpactOutage, Status: model.StatusResolved,
						StartAt: start, EndAt: ptr(start.Add(time.Hour))}, component)
					break
				}
			}
		}
		if err := s.RebuildAvailability(context.Background(), readNow); err != nil {
			t.Fatal(err)
		}
		whole, err := s.ReadAvailability(context.Background(), readNow)
		if err != nil {
			t.Fatalf("ReadAvailability: %v", err)
		}
		wholeRows := map[uint]*store.ComponentAvailability{}
		for _, row := range whole.Rows {
			wholeRows[row.Component.ID] = row
		}
		tests := []struct {
			slug string
			want *model.Region
		}{
			{"", catalog.Regions[0]},
			{catalog.Regions[0].Slug, catalog.Regions[0]},
			{catalog.Regions[1].Slug, catalog.Regions[1]},
		}
		for _, tt := range tests {
			report, err := s.ReadRegionAvailability(context.Background(), readNow, tt.slug)
			if err != nil {
				t.Fatalf("ReadRegionAvailability(%q): %v", tt.slug, err)
			}
			if report.Region == nil || report.Region.ID != tt.want.ID {
				t.Fatalf("ReadRegionAvailability(%q) covers %v, want %s", tt.slug, report.Region, tt.want.Slug)
			}
			if len(report.Rows) != 2 {
				t.Fatalf("ReadRegionAvailability(%q) has %d rows, want the region's 2", tt.slug, len(report.Rows))
			}
			for _, row := range report.Rows {
				if row.Component.RegionID != tt.want.ID {
					t.Errorf("ReadRegionAvailability(%q) holds component %d of region %d", tt.slug, row.Component.ID, row.Component.RegionID)
				}
				for m, figure := range row.Months {
					if wholeMonth := wholeRows[row.Component.ID].Months[m]; figure != wholeMonth {
						t.Errorf("component %d, month %d: %+v, ReadAvailability gives %+v", row.Component.ID, m, figure, wholeMonth)
					}
				}
			}
		}
		if _, err := s.ReadRegionAvailability(context.Background(), readNow, "mars"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("ReadRegionAvailability(mars) = %v, want ErrNotFound", err)
		}
	})
}
