package decide

import (
	"strings"
	"testing"

	"statusdash/app/monitor/probe"
	"statusdash/app/store"
)

// outcomes reads a string of rounds: u up, g degraded, d down.
func outcomes(rounds string) []probe.Outcome {
	var list []probe.Outcome
	for _, c := range rounds {
		list = append(list, map[rune]probe.Outcome{'u': probe.OutcomeUp, 'g': probe.OutcomeDegraded, 'd': probe.OutcomeDown}[c])
	}
	return list
}

// transitions reads a string of transitions per round: . none, F failing, R recovered.
func transitionMarks(ts []Transition) string {
	var b strings.Builder
	for _, tr := range ts {
		b.WriteByte(".FR"[tr])
	}
	return b.String()
}

func TestCount(t *testing.T) {
	tests := []struct {
		name        string
		rounds      string
		want        string
		wantStatus  probe.Outcome
		wantFlapped bool
	}{
		{"three failed rounds report", "ddd", "..F", probe.OutcomeDown, false},
		{"two failed rounds do not", "ddu", "...", probe.OutcomeUp, false},
		{"two good rounds recover", "ddduu", "..F.R", probe.OutcomeUp, false},
		{"one good round does not", "dddud", "..F..", probe.OutcomeDown, false},
		{"degraded reports, then down raises", "gggd", "..FF", probe.OutcomeDown, false},
		{"degraded never lowers a down status", "dddg", "..F.", probe.OutcomeDown, false},
		{"mixed failures count together", "gdg", "..F", probe.OutcomeDegraded, false},
		{"flapping holds the status", "dddudududuuu", "..F.........", probe.OutcomeDown, true},
		{"alternating never reports", "dudududu", "........", probe.OutcomeUp, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			state := store.CheckState{}
			var got []Transition
			for i, o := range outcomes(tt.rounds) {
				var tr Transition
				state, tr = DefaultRules().Count(state, slot(i), o)
				got = append(got, tr)
			}
			if marks := transitionMarks(got); marks != tt.want || state.Status != tt.wantStatus || state.Flapping != tt.wantFlapped {
				t.Errorf("got %s, status %s, flapping %v; want %s, %s, %v", marks, state.Status, state.Flapping, tt.want, tt.wantStatus, tt.wantFlapped)
			}
		})
	}
}

// A flapping check recovers once its changes age out of the window.
func TestFlappingEndsWithTheWindow(t *testing.T) {
	rules := DefaultRules()
	state := store.CheckState{}
	for i, o := range outcomes("dddudududud") {
		state, _ = rules.Count(state, slot(i), o)
	}
	if !state.Flapping || state.Status != probe.OutcomeDown {
		t.Fatalf("got flapping %v status %s, want flapping and down", state.Flapping, state.Status)
	}
	// 120 slots of 30 s: an hour of good rounds later.
	var last Transition
	n := 11
	for ; n < 11+120 && last != TransitionRecovered; n++ {
		state, last = rules.Count(state, slot(n), probe.OutcomeUp)
	}
	if last != TransitionRecovered || state.Flapping {
		t.Fatalf("got %v flapping %v after %d good rounds, want a recovery", last, state.Flapping, n-11)
	}
	if since := slot(n - 1).Sub(state.Changes[len(state.Changes)-1]); since < 0 {
		t.Errorf("changes %v after the recovery at %s", state.Changes, slot(n-1))
	}
	if len(state.Changes) > rules.FlapChanges+1 {
		t.Errorf("kept %d changes, want at most %d", len(state.Changes), rules.FlapChanges+1)
	}
}
