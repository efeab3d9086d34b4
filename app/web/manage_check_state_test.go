package web

import (
	"testing"

	"statusdash/app/monitor/probe"
	"statusdash/app/store"
)

func TestCheckStateText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		state   store.CheckState
		counted bool
		want    string
	}{
		{"no row yet", store.CheckState{}, false, ""},
		{"row without a round", store.CheckState{Status: probe.OutcomeUp}, true, ""},
		{"up", store.CheckState{Status: probe.OutcomeUp, LastVerdict: probe.OutcomeUp, Successes: 4}, true, "Up"},
		{"failing, not confirmed", store.CheckState{Status: probe.OutcomeUp, LastVerdict: probe.OutcomeDown, Failures: 2}, true,
			"Up, 2 failed rounds"},
		{"down with its incident", store.CheckState{Status: probe.OutcomeDown, LastVerdict: probe.OutcomeDown, Failures: 3,
			IncidentID: 12}, true, "Down, 3 failed rounds, incident #12"},
		{"recovering", store.CheckState{Status: probe.OutcomeDown, LastVerdict: probe.OutcomeUp, Successes: 1,
			IncidentID: 12}, true, "Down, 1 good round, incident #12"},
		{"degraded and flapping", store.CheckState{Status: probe.OutcomeDegraded, LastVerdict: probe.OutcomeDegraded,
			Failures: 1, Flapping: true}, true, "Degraded, 1 failed round, flapping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := checkStateText(tt.state, tt.counted); got != tt.want {
				t.Errorf("checkStateText = %q, want %q", got, tt.want)
			}
		})
	}
}
