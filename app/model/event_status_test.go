package model_test

import (
	"testing"

	"statusdash/app/model"
)

func TestKnownStatus(t *testing.T) {
	tests := []struct {
		status string
		want   bool
	}{
		{"analysing", true},
		{"in progress", true},
		{"active", true},
		{"reopened", true},
		{"changed", true},
		{"SYSTEM", false},
		{"Analysing", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := model.KnownStatus(tt.status); got != tt.want {
			t.Errorf("KnownStatus(%q): got %v, want %v", tt.status, got, tt.want)
		}
	}
}
