package store

import (
	"testing"
	"time"

	"statusdash/app/availability"
	"statusdash/app/model"
)

// changedFrom decides which roll-up days a write refreshes: a write that
// changes only the present must say so, one dated back must say when.
func TestChangedFrom(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	start, earlierEnd := now.Add(-50*time.Hour), now.Add(-30*time.Hour)
	incident := func(end *time.Time, components ...uint) *auditEvent {
		return &auditEvent{Type: string(model.TypeIncident), Impact: 1, StartAt: start, EndAt: end, Components: components}
	}
	with := func(a *auditEvent, change func(*auditEvent)) *auditEvent {
		copied := *a
		change(&copied)
		return &copied
	}
	open := incident(nil, 1, 2)
	closed := incident(&earlierEnd, 1, 2)
	window := &auditEvent{Type: string(model.TypeMaintenance), StartAt: start, EndAt: &earlierEnd, Components: []uint{3}}
	joinedNow := []eventChange{{EventID: 7, At: now, Kind: availability.ChangeJoined, ComponentID: ptrTo(uint(2))}}
	tests := []struct {
		name          string
		before, after *auditEvent
		changes       []eventChange
		want          time.Time
		changed       bool
	}{
		{"opened now", nil, with(open, func(a *auditEvent) { a.StartAt = now }), nil, now, true},
		{"opened back-dated", nil, open, nil, start, true},
		{"extracted: every component joins now", nil, incident(nil, 2), joinedNow, now, true},
		{"closed now", open, with(open, func(a *auditEvent) { a.EndAt = &now }), nil, now, true},
		{"closed back-dated", open, closed, nil, earlierEnd, true},
		{"end moved later", closed, with(closed, func(a *auditEvent) { a.EndAt = &now }), nil, earlierEnd, true},
		{"reopened", closed, open, []eventChange{{EventID: 7, At: now, Kind: availability.ChangeReopened}}, earlierEnd, true},
		{"start moved", closed, with(closed, func(a *auditEvent) { a.StartAt = start.Add(-time.Hour) }), nil, start.Add(-time.Hour), true},
		{"raised, dated back", open, with(open, func(a *auditEvent) { a.Impact = 3 }),
			[]eventChange{{EventID: 7, At: earlierEnd, Kind: availability.ChangeImpact}}, earlierEnd, true},
		{"a component joins now", incident(nil, 1), open, joinedNow, now, true},
		{"another event's change", incident(nil, 1), open, []eventChange{{EventID: 8, At: start, Kind: availability.ChangeJoined}}, time.Time{}, false},
		{"title and status only", open, with(open, func(a *auditEvent) { a.Title, a.Status = "New", "identified" }), nil, time.Time{}, false},
		{"window gains a component", window, with(window, func(a *auditEvent) { a.Components = []uint{3, 4} }), nil, start, true},
		{"window advanced", window, with(window, func(a *auditEvent) { a.Status = "completed" }), nil, time.Time{}, false},
		{"incident made info", closed, with(closed, func(a *auditEvent) { a.Type = string(model.TypeInfo) }), nil, start, true},
		{"info notice", nil, &auditEvent{Type: string(model.TypeInfo), StartAt: start}, nil, time.Time{}, false},
		{"deleted", closed, nil, nil, start, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, changed := changedFrom(7, tt.before, tt.after, tt.changes)
			if changed != tt.changed || !got.Equal(tt.want) {
				t.Errorf("changedFrom = %v, %v; want %v, %v", got, changed, tt.want, tt.changed)
			}
		})
	}
}

func ptrTo[T any](v T) *T { return &v }
