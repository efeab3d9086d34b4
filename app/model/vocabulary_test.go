package model

import "testing"

func TestVocabulary(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"impact minor", ImpactMinor.Label(), "Degraded performance"},
		{"impact major", ImpactMajor.Label(), "Partial outage"},
		{"impact outage", ImpactOutage.Label(), "Major outage"},
		{"impact maintenance", ImpactMaintenance.Label(), "Under maintenance"},
		{"health maintenance", HealthMaintenance.Label(), "Under maintenance"},
		{"page operational", PageLabel(HealthOperational), "All systems operational"},
		{"page outage", PageLabel(HealthOutage), "Major outage"},
		{"status one word", StatusLabel(StatusDetected), "Detected"},
		{"status two words", StatusLabel(StatusImpactChanged), "Impact Changed"},
		{"status in progress", StatusLabel(StatusInProgress), "In Progress"},
		{"status system", StatusLabel(StatusSystem), "System Update"},
		{"status empty", StatusLabel(""), ""},
		{"type info", TypeInfo.Label(), "Notice"},
		{"type info key", TypeInfo.Key(), "notice"},
		{"type maintenance", TypeMaintenance.Label(), "Maintenance"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}
