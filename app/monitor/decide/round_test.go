package decide

import (
	"slices"
	"testing"
	"time"

	"statusdash/app/monitor/probe"
	"statusdash/app/store"
)

var t0 = time.Date(2026, 12, 3, 10, 42, 0, 0, time.UTC)

// slot is the nth slot of a 30 s check from t0.
func slot(n int) time.Time { return t0.Add(time.Duration(n) * 30 * time.Second) }

func result(n int, location string, outcome probe.Outcome) store.CheckResult {
	return store.CheckResult{CheckID: 1, Location: location, SlotAt: slot(n), StartedAt: slot(n).Add(time.Second), Outcome: outcome}
}

func TestReadyRounds(t *testing.T) {
	up, down := probe.OutcomeUp, probe.OutcomeDown
	three := []string{"ams", "fra", "par"}
	tests := []struct {
		name     string
		results  []store.CheckResult
		expected []string
		after    time.Time
		want     []time.Time
	}{
		{"every location answered", []store.CheckResult{result(0, "fra", up), result(0, "ams", down), result(0, "par", up)}, three, time.Time{},
			[]time.Time{slot(0)}},
		{"a location still to answer holds the round", []store.CheckResult{result(0, "fra", up), result(0, "ams", down)}, three, time.Time{}, nil},
		{"a later slot releases a silent location's round", []store.CheckResult{result(0, "fra", up), result(0, "ams", down), result(1, "fra", up)},
			three, time.Time{}, []time.Time{slot(0)}},
		{"no locations listed: one answer makes a round", []store.CheckResult{result(0, "local", down), result(1, "local", up)}, nil, time.Time{},
			[]time.Time{slot(0), slot(1)}},
		{"rounds counted already are skipped", []store.CheckResult{result(0, "local", down), result(1, "local", up), result(2, "local", up)}, nil, slot(1),
			[]time.Time{slot(2)}},
		{"results without a slot make no round", []store.CheckResult{{CheckID: 1, Location: "local", StartedAt: t0, Outcome: down}}, nil, time.Time{}, nil},
		{"out of order, duplicate location", []store.CheckResult{result(1, "fra", up), result(0, "fra", up), result(0, "fra", down), result(0, "ams", up), result(0, "par", up)},
			three, time.Time{}, []time.Time{slot(0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []time.Time
			for _, round := range ReadyRounds(tt.results, tt.expected, tt.after) {
				got = append(got, round.Slot)
				locations := make([]string, len(round.Results))
				for i, r := range round.Results {
					locations[i] = r.Location
				}
				if !slices.IsSorted(locations) || len(slices.Compact(slices.Clone(locations))) != len(locations) {
					t.Errorf("round %s locations %v, want sorted and unique", round.Slot, locations)
				}
			}
			if !slices.EqualFunc(got, tt.want, time.Time.Equal) {
				t.Errorf("got rounds %v, want %v", got, tt.want)
			}
		})
	}
}
