package decide

import (
	"time"

	"statusdash/app/monitor/probe"
	"statusdash/app/store"
)

// Tally is a round's judgement: its outcome by the quorum, and how many
// locations answered it with each outcome.
type Tally struct {
	Outcome              probe.Outcome
	Up, Degraded, Down   int
	Reporting, Threshold int
}

// Judge counts the round's outcomes by the quorum: the round fails when at
// least the quorum of locations failed (down when that many were down,
// else degraded). A quorum of zero means a majority of recent locations:
// those that answered any slot within two intervals up to the round's
// (recentLocations), and at least those answering this round, so that a
// location silent this round still counts against one that fails alone.
func Judge(round Round, quorum, recent int) Tally {
	t := Tally{Reporting: len(round.Results)}
	for _, r := range round.Results {
		switch r.Outcome {
		case probe.OutcomeUp:
			t.Up++
		case probe.OutcomeDegraded:
			t.Degraded++
		default:
			t.Down++
		}
	}
	t.Threshold = quorum
	if t.Threshold <= 0 {
		t.Threshold = max(recent, t.Reporting)/2 + 1
	}
	switch {
	case t.Down >= t.Threshold:
		t.Outcome = probe.OutcomeDown
	case t.Down+t.Degraded >= t.Threshold:
		t.Outcome = probe.OutcomeDegraded
	default:
		t.Outcome = probe.OutcomeUp
	}
	return t
}

// recentLocations counts the locations that answered a slot within two
// intervals before slot, both ends included.
func recentLocations(results []store.CheckResult, slot time.Time, interval time.Duration) int {
	from := slot.Add(-2 * interval)
	seen := map[string]bool{}
	for _, r := range results {
		if !r.SlotAt.IsZero() && !r.SlotAt.After(slot) && !r.SlotAt.Before(from) {
			seen[r.Location] = true
		}
	}
	return len(seen)
}
