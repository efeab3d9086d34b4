package feed

import (
	"testing"
	"time"

	"statusdash/app/model"
)

func TestSortForFeed(t *testing.T) {
	at := func(h int) *time.Time { v := base.Add(time.Duration(h) * time.Hour); return &v }
	events := []*model.Event{
		{ID: 1, StartAt: base, EndAt: at(1)},
		{ID: 2, StartAt: base.Add(-time.Hour)},
		{ID: 3, StartAt: base.Add(-time.Hour), EndAt: at(5)},
		{ID: 4, StartAt: base},
	}
	SortForFeed(events)
	want := []uint{4, 2, 3, 1}
	for i, event := range events {
		if event.ID != want[i] {
			t.Fatalf("order = %v, want %v", ids(events), want)
		}
	}
}

func ids(events []*model.Event) []uint {
	out := make([]uint, len(events))
	for i, event := range events {
		out[i] = event.ID
	}
	return out
}

func TestStackmonTitle(t *testing.T) {
	tests := []struct{ region, service, want string }{
		{"EU-DE", "ecs", "ecs (EU-DE) - Incidents | Status Dashboard"},
		{"EU-DE", "", "EU-DE - Incidents | Status Dashboard"},
		{"", "", "Incidents | Status Dashboard"},
	}
	for _, tt := range tests {
		if got := StackmonTitle("Status Dashboard", tt.region, tt.service); got != tt.want {
			t.Errorf("StackmonTitle(%q, %q) = %q, want %q", tt.region, tt.service, got, tt.want)
		}
	}
}
