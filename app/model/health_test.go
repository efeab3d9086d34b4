package model

import (
	"testing"
	"time"
)

func TestComponentHealth(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	hour := time.Hour
	at := func(d time.Duration) *time.Time { t := now.Add(d); return &t }
	incident := func(impact Impact, end *time.Time) *Event {
		return &Event{Type: TypeIncident, Impact: impact, StartAt: now.Add(-hour), EndAt: end}
	}
	maintenance := func(start, end time.Duration, status string) *Event {
		return &Event{Type: TypeMaintenance, StartAt: now.Add(start), EndAt: at(end), Status: status}
	}
	tests := []struct {
		name   string
		events []*Event
		want   Health
	}{
		{"no events", nil, HealthOperational},
		{"open minor", []*Event{incident(ImpactMinor, nil)}, HealthMinor},
		{"highest impact wins", []*Event{incident(ImpactMinor, nil), incident(ImpactOutage, nil), incident(ImpactMajor, nil)}, HealthOutage},
		{"closed incident ignored", []*Event{incident(ImpactOutage, at(-time.Minute))}, HealthOperational},
		{"active maintenance wins over outage", []*Event{incident(ImpactOutage, nil), maintenance(-hour, hour, StatusInProgress)}, HealthMaintenance},
		{"planned status but window begun", []*Event{maintenance(-hour, hour, StatusPlanned)}, HealthMaintenance},
		{"upcoming maintenance ignored", []*Event{maintenance(hour, 2*hour, StatusPlanned)}, HealthOperational},
		{"cancelled maintenance ignored", []*Event{maintenance(-hour, hour, StatusCancelled)}, HealthOperational},
		{"finished maintenance ignored", []*Event{maintenance(-2*hour, -hour, StatusInProgress)}, HealthOperational},
		{"info notice never changes health", []*Event{{Type: TypeInfo, StartAt: now.Add(-hour), EndAt: at(hour), Status: StatusActive}}, HealthOperational},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ComponentHealth(now, tt.events); got != tt.want {
				t.Errorf("ComponentHealth = %v, want %v", got.Key(), tt.want.Key())
			}
		})
	}
}

func TestImpactString(t *testing.T) {
	for impact, want := range map[Impact]string{0: "maintenance", 1: "minor", 2: "major", 3: "outage", 7: "impact(7)"} {
		if got := impact.String(); got != want {
			t.Errorf("Impact(%d).String() = %q, want %q", impact, got, want)
		}
	}
}
