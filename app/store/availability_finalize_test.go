package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// finalizeAt rolls up the days ended before now, as the serve job does,
// and checks how many it finalized.
func finalizeAt(t *testing.T, s *store.Storage, now time.Time, want int64) {
	t.Helper()
	got, err := s.FinalizeAvailability(context.Background(), now)
	if err != nil {
		t.Fatalf("FinalizeAvailability at %v: %v", now.Format(time.RFC3339), err)
	}
	if got != want {
		t.Errorf("FinalizeAvailability at %v finalized %d days, want %d", now.Format(time.RFC3339), got, want)
	}
}

// finalizedFrom marks nothing finalized from the day of at on: the writes
// of that day and later are then the present, as they are in service.
func finalizedFrom(t *testing.T, s *store.Storage, at time.Time) {
	t.Helper()
	if err := s.RebuildAvailability(context.Background(), at); err != nil {
		t.Fatal(err)
	}
}

// Writes of a day not finalized write no roll-up; the finalizer rolls the
// day up with what still runs through it; writes dated back into finalized
// days (an end, a start, an impact change, an extraction, a new window)
// refresh them. At every step the figures equal the timelines', before and
// after the next finalization.
func TestAvailabilityRollupsAcrossFinalization(t *testing.T) {
	t.Parallel()
	day := 24 * time.Hour
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		olderComponents(t, f, f.now.Add(-400*day))
		midnight := f.now.Truncate(day).Add(-10 * day)
		at := func(days, hours int) time.Time {
			return midnight.Add(time.Duration(days)*day + time.Duration(hours)*time.Hour)
		}
		finalizedFrom(t, s, at(0, 0))
		check := func(now time.Time) {
			t.Helper()
			checkRollups(t, s, now)
		}
		report := func(component uint, impact model.Impact, now time.Time) *model.Event {
			t.Helper()
			result, err := s.ReportComponent(f.ctx, monitor, store.Report{ComponentID: component, Impact: impact}, now)
			if err != nil {
				t.Fatalf("report: %v", err)
			}
			return result.Event
		}
		update := func(e *model.Event, status string, when, now time.Time, impact *model.Impact) {
			t.Helper()
			if _, err := s.AddUpdate(f.ctx, f.actor, e.ID, store.NewUpdate{Status: status, Message: status, At: when, Impact: impact}, now); err != nil {
				t.Fatalf("update %s: %v", status, err)
			}
		}
		edit := func(e *model.Event, in store.EventEdit, now time.Time) {
			t.Helper()
			if _, err := s.EditEvent(f.ctx, f.actor, e.ID, in, now); err != nil {
				t.Fatalf("edit: %v", err)
			}
		}

		// Day 0: monitoring opens an incident, another component joins,
		// the first moves up to an outage: not one roll-up row.
		minor := report(1, model.ImpactMinor, at(0, 1))
		report(2, model.ImpactMinor, at(0, 2))
		outage := report(1, model.ImpactOutage, at(0, 3))
		if days, months := store.RollupRowsForTest(t, s); days != 0 || months != 0 {
			t.Errorf("after today's reports: %d day rows, %d month rows; want none", days, months)
		}
		check(at(0, 4))

		// Day 1: day 0 is finalized with both incidents running through it.
		finalizeAt(t, s, at(1, 0), 1)
		finalizeAt(t, s, at(1, 0), 0) // done: another instance finds nothing
		check(at(1, 1))
		report(2, model.ImpactMajor, at(1, 2)) // raised today
		report(3, model.ImpactMajor, at(1, 3)) // joins it
		check(at(1, 4))

		// Day 3: two days at once; the outage that began on day 0 closes now.
		finalizeAt(t, s, at(3, 0), 2)
		days, months := store.RollupRowsForTest(t, s)
		update(outage, model.StatusResolved, at(3, 2), at(3, 2), nil)
		if gotDays, gotMonths := store.RollupRowsForTest(t, s); gotDays != days || gotMonths != months {
			t.Errorf("closing today: %d day rows, %d month rows; want %d and %d as before", gotDays, gotMonths, days, months)
		}
		check(at(3, 3))
		finalizeAt(t, s, at(4, 0), 1)
		check(at(4, 1))

		// Day 4: dated back into finalized days.
		edit(outage, store.EventEdit{StartAt: ptr(at(-1, 20)), EndAt: ptr(at(1, 12))}, at(4, 2))
		check(at(4, 3))
		edit(outage, store.EventEdit{EndAt: ptr(at(0, 20))}, at(4, 3)) // a day earlier
		check(at(4, 4))
		lowered := model.ImpactMinor
		update(minor, model.StatusImpactChanged, at(2, 6), at(4, 4), &lowered)
		check(at(4, 5))
		if _, err := s.ExtractComponents(f.ctx, f.actor, minor.ID, []uint{2}, at(4, 6)); err != nil {
			t.Fatalf("extract: %v", err)
		}
		f.create(t, store.NewEvent{Type: model.TypeMaintenance, Title: "Past", ComponentIDs: []uint{3, 4},
			StartAt: at(1, 22), EndAt: ptr(at(2, 5))}, at(4, 7))
		f.closed(t, store.NewEvent{Type: model.TypeIncident, Title: "Found late", Impact: model.ImpactMajor, ComponentIDs: []uint{4},
			StartAt: at(0, 23)}, at(3, 1), at(4, 8))
		check(at(4, 9))
		for _, later := range []time.Time{at(5, 1), at(9, 0), at(40, 0)} {
			check(later)
			if _, err := s.FinalizeAvailability(f.ctx, later); err != nil {
				t.Fatal(err)
			}
			check(later)
		}
	})
}

// A finalizer that runs while a write is in progress waits for it: the
// write reads the finalized day and holds it until its commit, so the day
// it changed is rolled up with it. Without that hold, the finalizer rolls
// the day up from the events as they were, and the write, which found the
// day not finalized, leaves it stale.
func TestAvailabilityFinalizedWhileWriting(t *testing.T) {
	t.Parallel()
	day := 24 * time.Hour
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		olderComponents(t, f, f.now.Add(-400*day))
		midnight := f.now.Truncate(day).Add(-5 * day)
		finalizedFrom(t, s, midnight)
		outage := f.closed(t, store.NewEvent{Type: model.TypeIncident, Title: "Down", Impact: model.ImpactOutage, ComponentIDs: []uint{1},
			StartAt: midnight.Add(2 * time.Hour)}, midnight.Add(4*time.Hour), midnight.Add(4*time.Hour))

		// At 23:00 an operator moves its end to 10:00; the write is at its commit.
		commit, err := store.EditEventHeldForTest(f.ctx, s, f.actor, outage.ID, store.EventEdit{EndAt: ptr(midnight.Add(10 * time.Hour))},
			midnight.Add(23*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		finalized := make(chan error, 1)
		go func() {
			_, err := s.FinalizeAvailability(context.Background(), midnight.Add(day))
			finalized <- err
		}()
		done := awaitFinalizerBlocked(t, s, finalized)
		if err := commit(); err != nil {
			t.Fatalf("commit the write: %v", err)
		}
		if !done {
			if err := <-finalized; err != nil {
				t.Fatalf("FinalizeAvailability: %v", err)
			}
		}
		if got := store.FinalizedDayForTest(t, s); !got.Equal(midnight.Add(day)) {
			t.Errorf("finalized day %v, want %v", got, midnight.Add(day))
		}
		checkRollups(t, s, midnight.Add(day+time.Hour))
	})
}

// awaitFinalizerBlocked waits until the finalizer waits for a lock
// (PostgreSQL) or has finished, which it says; SQLite's finalizer waits for
// the write lock, which nothing can watch: it returns at once there.
func awaitFinalizerBlocked(t *testing.T, s *store.Storage, finalized chan error) (done bool) {
	t.Helper()
	if s.Dialect() != store.Postgres {
		return false
	}
	sqlDB, err := s.SQL()
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-finalized:
			if err != nil {
				t.Fatalf("FinalizeAvailability: %v", err)
			}
			return true
		default:
		}
		var query string
		err := sqlDB.QueryRow("SELECT query FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' " +
			"AND pid <> pg_backend_pid() LIMIT 1").Scan(&query)
		if err == nil && strings.Contains(query, "rollup_state") {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the finalizer neither finished nor waited for the write")
	return false
}
