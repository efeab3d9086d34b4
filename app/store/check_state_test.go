package store_test

import (
	"strings"
	"testing"
	"time"

	"statusdash/app/monitor/probe"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// The rounds of a batch's checks are read with one index search per
// check, never a scan of the results.
func TestRoundsReadUsesIndex(t *testing.T) {
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
		if !strings.Contains(plan, "check_results_check_slot_idx") || strings.Contains(plan, "SCAN check_results") || strings.Contains(plan, "Seq Scan") {
			t.Errorf("the rounds are not read by index searches:\n%s", plan)
		}
	})
}
