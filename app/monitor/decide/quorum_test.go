package decide

import (
	"testing"
	"time"

	"statusdash/app/monitor/probe"
	"statusdash/app/store"
)

func TestJudge(t *testing.T) {
	up, degraded, down := probe.OutcomeUp, probe.OutcomeDegraded, probe.OutcomeDown
	round := func(outcomes ...probe.Outcome) Round {
		r := Round{Slot: slot(0)}
		for i, o := range outcomes {
			r.Results = append(r.Results, result(0, string(rune('a'+i)), o))
		}
		return r
	}
	tests := []struct {
		name           string
		round          Round
		quorum, recent int
		want           probe.Outcome
	}{
		{"one of three down: majority not reached", round(down, up, up), 0, 3, up},
		{"two of three down", round(down, down, up), 0, 3, down},
		{"down and degraded fail as degraded", round(down, degraded, up), 0, 3, degraded},
		{"one location alone", round(down), 0, 1, down},
		{"one location reporting, two recent and silent", round(down), 0, 3, up},
		{"explicit quorum of one", round(down, up, up), 1, 3, down},
		{"explicit quorum above the answers", round(down, down), 3, 3, up},
		{"all degraded", round(degraded, degraded), 0, 2, degraded},
		{"all up", round(up, up, up), 0, 3, up},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Judge(tt.round, tt.quorum, tt.recent); got.Outcome != tt.want {
				t.Errorf("got %s (%+v), want %s", got.Outcome, got, tt.want)
			}
		})
	}
}

func TestRecentLocations(t *testing.T) {
	results := []store.CheckResult{result(0, "ams", probe.OutcomeUp), result(1, "fra", probe.OutcomeUp), result(2, "par", probe.OutcomeDown),
		result(3, "par", probe.OutcomeDown)}
	tests := []struct {
		at   int
		want int
	}{{0, 1}, {1, 2}, {2, 3}, {3, 2}}
	for _, tt := range tests {
		if got := recentLocations(results, slot(tt.at), 30*time.Second); got != tt.want {
			t.Errorf("at slot %d: got %d recent locations, want %d", tt.at, got, tt.want)
		}
	}
}
