package probe_test

import (
	"testing"
	"time"

	"statusdash/app/monitor/probe"
)

func TestHeartbeatResult(t *testing.T) {
	created := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	hourly := probe.Definition{Kind: probe.KindHeartbeat, Interval: time.Hour, Heartbeat: probe.HeartbeatSettings{Grace: 5 * time.Minute}}
	// The default grace is a tenth of the period: 6 minutes for an hour.
	hourlyDefaultGrace := probe.Definition{Kind: probe.KindHeartbeat, Interval: time.Hour}
	tests := []struct {
		name        string
		def         probe.Definition
		lastPing    time.Time
		now         time.Time
		wantOutcome probe.Outcome
		wantReason  string
		wantDue     time.Time
	}{
		{"no ping yet, within the first period", hourly, time.Time{}, created.Add(30 * time.Minute), probe.OutcomeUp, "", created.Add(65 * time.Minute)},
		{"no ping yet, within the grace", hourly, time.Time{}, created.Add(64 * time.Minute), probe.OutcomeUp, "", created.Add(65 * time.Minute)},
		{"no ping yet, past the grace", hourly, time.Time{}, created.Add(65 * time.Minute), probe.OutcomeDown,
			"no ping since 2026-12-02 09:00 UTC (period 1h, grace 5m)", created.Add(65 * time.Minute)},
		{"a recent ping", hourly, created.Add(2 * time.Hour), created.Add(150 * time.Minute), probe.OutcomeUp, "", created.Add(185 * time.Minute)},
		{"a late ping within the grace", hourly, created.Add(2 * time.Hour), created.Add(184 * time.Minute), probe.OutcomeUp, "", created.Add(185 * time.Minute)},
		{"a ping past the grace", hourly, created.Add(2 * time.Hour), created.Add(190 * time.Minute), probe.OutcomeDown,
			"no ping for 1h10m (period 1h, grace 5m); the last came at 2026-12-02 11:00 UTC", created.Add(185 * time.Minute)},
		{"a ping before the check resumed counts from the resumption", hourly, created.Add(-time.Hour), created.Add(66 * time.Minute), probe.OutcomeDown,
			"no ping since 2026-12-02 09:00 UTC (period 1h, grace 5m)", created.Add(65 * time.Minute)},
		{"the default grace", hourlyDefaultGrace, time.Time{}, created.Add(65 * time.Minute), probe.OutcomeUp, "", created.Add(66 * time.Minute)},
		{"past the default grace", hourlyDefaultGrace, time.Time{}, created.Add(66 * time.Minute), probe.OutcomeDown,
			"no ping since 2026-12-02 09:00 UTC (period 1h, grace 6m)", created.Add(66 * time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := probe.HeartbeatResult(tt.def, tt.lastPing, created, tt.now)
			if got.Outcome != tt.wantOutcome || got.Reason != tt.wantReason {
				t.Errorf("got %s %q, want %s %q", got.Outcome, got.Reason, tt.wantOutcome, tt.wantReason)
			}
			if !got.Started.Equal(tt.now) {
				t.Errorf("got start %s, want %s", got.Started, tt.now)
			}
			if due := probe.HeartbeatDue(tt.def, tt.lastPing, created); !due.Equal(tt.wantDue) {
				t.Errorf("got due %s, want %s", due, tt.wantDue)
			}
		})
	}
}
