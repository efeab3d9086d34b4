package store_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"statusdash/app/monitor/probe"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// The rounds of a batch's checks are read with one index search per
// check, never a scan of the results.
func TestRoundsReadUsesIndex(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		var ids []uint
		var results []store.CheckResult
		for range 3 {
			check, err := s.CreateCheck(f.ctx, f.actor, store.NewCheck{ComponentID: f.components[0].ID, Definition: httpDefinition()}, f.now)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, check.ID)
			for n := range 200 {
				slot := f.now.Add(time.Duration(n-200) * 30 * time.Second)
				results = append(results, store.CheckResult{CheckID: check.ID, Location: "local", SlotAt: slot, StartedAt: slot, Outcome: probe.OutcomeUp})
			}
		}
		if err := s.AddCheckResults(f.ctx, results); err != nil {
			t.Fatal(err)
		}
		plan, err := store.ExplainRoundsForTest(f.ctx, s, ids, f.now.Add(-5*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(plan, "check_results_check_started_idx") || strings.Contains(plan, "SCAN check_results") || strings.Contains(plan, "Seq Scan") {
			t.Errorf("the rounds are not read by index searches:\n%s", plan)
		}
	})
}

// A second evaluation of a check waits for the first's lock on its state
// row and then counts from the state the first wrote: PostgreSQL, where
// transactions do not serialise by themselves.
func TestEvaluateChecksWaitsForTheStateLock(t *testing.T) {
	t.Parallel()
	url := storetest.MigratedPostgresURL(t)
	first, second := storetest.OpenWith(t, url, store.DefaultTimeouts()), storetest.OpenWith(t, url, store.DefaultTimeouts())
	f := newEventFixture(t, first)
	check, err := first.CreateCheck(f.ctx, f.actor, store.NewCheck{ComponentID: f.components[0].ID, Definition: httpDefinition()}, f.now)
	if err != nil {
		t.Fatal(err)
	}
	from := func(store.Check, store.CheckState) time.Time { return f.now.Add(-time.Hour) }
	count := func(state store.CheckState) store.CheckEvaluation {
		state.Failures++
		return store.CheckEvaluation{State: state}
	}
	entered, release := make(chan struct{}), make(chan struct{})
	var releaseOnce sync.Once
	releaseFirst := func() { releaseOnce.Do(func() { close(release) }) }
	t.Cleanup(releaseFirst) // a failing test lets the first evaluation end too
	errs := make(chan error, 2)
	go func() {
		_, err := first.EvaluateChecks(f.ctx, []uint{check.ID}, f.now, from, func(_ store.Check, state store.CheckState, _ []store.CheckResult) (store.CheckEvaluation, bool) {
			close(entered)
			<-release
			return count(state), true
		})
		errs <- err
	}()
	<-entered
	seen := make(chan int, 1)
	go func() {
		_, err := second.EvaluateChecks(f.ctx, []uint{check.ID}, f.now, from, func(_ store.Check, state store.CheckState, _ []store.CheckResult) (store.CheckEvaluation, bool) {
			seen <- state.Failures
			return count(state), true
		})
		errs <- err
	}()
	waitForLockWait(t, first)
	releaseFirst()
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if got := <-seen; got != 1 {
		t.Errorf("the second evaluation saw %d failures, want 1 (the first's write)", got)
	}
	if state, err := first.CheckState(f.ctx, check.ID); err != nil || state.Failures != 2 {
		t.Errorf("state %+v (%v), want 2 failures", state, err)
	}
}

// waitForLockWait returns once a session of the database waits for a lock,
// and fails the test when none does within 10 s.
func waitForLockWait(t *testing.T, s *store.Storage) {
	t.Helper()
	sqlDB, err := s.SQL()
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var waiting int
		if err := sqlDB.QueryRow("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'").
			Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting > 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the second evaluation never waited for the first's lock")
}
