package incident

import (
	"slices"
	"strings"
	"testing"
	"time"

	"statusdash/app/model"
)

var now = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

func ptr[T any](v T) *T { return &v }

func fieldsOf(errs FieldErrors) string {
	fields := make([]string, 0, len(errs))
	for field := range errs {
		fields = append(fields, field)
	}
	slices.Sort(fields)
	return strings.Join(fields, ",")
}

func TestValidateNewEvent(t *testing.T) {
	incident := func(change func(*NewEvent)) NewEvent {
		e := NewEvent{Type: model.TypeIncident, Title: "Disk", Impact: model.ImpactMajor, ComponentIDs: []uint{1}, StartAt: now.Add(-time.Hour)}
		change(&e)
		return e
	}
	maintenance := func(change func(*NewEvent)) NewEvent {
		e := NewEvent{Type: model.TypeMaintenance, Title: "Upgrade", ComponentIDs: []uint{1}, StartAt: now.Add(time.Hour), EndAt: ptr(now.Add(2 * time.Hour))}
		change(&e)
		return e
	}
	tests := []struct {
		name  string
		event NewEvent
		want  string // fields in error, sorted
	}{
		{"valid incident", incident(func(*NewEvent) {}), ""},
		{"valid maintenance", maintenance(func(*NewEvent) {}), ""},
		{"valid info without components", NewEvent{Type: model.TypeInfo, Title: "Note", StartAt: now}, ""},
		{"unknown type", incident(func(e *NewEvent) { e.Type = "outage" }), "type"},
		{"empty title", incident(func(e *NewEvent) { e.Title = "  " }), "title"},
		{"title of 200 runes", incident(func(e *NewEvent) { e.Title = strings.Repeat("é", 200) }), ""},
		{"title of 201 runes", incident(func(e *NewEvent) { e.Title = strings.Repeat("a", 201) }), "title"},
		{"description too long", incident(func(e *NewEvent) { e.Description = strings.Repeat("a", 10001) }), "description"},
		{"message too long", incident(func(e *NewEvent) { e.Message = strings.Repeat("a", 10001) }), "message"},
		{"incident impact 0", incident(func(e *NewEvent) { e.Impact = 0 }), "impact"},
		{"incident impact 4", incident(func(e *NewEvent) { e.Impact = 4 }), "impact"},
		{"maintenance impact 1", maintenance(func(e *NewEvent) { e.Impact = 1 }), "impact"},
		{"no components", incident(func(e *NewEvent) { e.ComponentIDs = nil }), "components"},
		{"component 0", incident(func(e *NewEvent) { e.ComponentIDs = []uint{0} }), "components"},
		{"missing start", incident(func(e *NewEvent) { e.StartAt = time.Time{} }), "start_date"},
		{"incident in the future", incident(func(e *NewEvent) { e.StartAt = now.Add(time.Hour) }), "start_date"},
		{"incident within clock skew", incident(func(e *NewEvent) { e.StartAt = now.Add(30 * time.Second) }), ""},
		{"incident with end", incident(func(e *NewEvent) { e.EndAt = ptr(now) }), "end_date"},
		{"maintenance without end", maintenance(func(e *NewEvent) { e.EndAt = nil }), "end_date"},
		{"maintenance end before start", maintenance(func(e *NewEvent) { e.EndAt = ptr(now) }), "end_date"},
		{"maintenance end equals start", maintenance(func(e *NewEvent) { e.EndAt = ptr(e.StartAt) }), "end_date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fieldsOf(ValidateNewEvent(tt.event, now)); got != tt.want {
				t.Errorf("fields in error = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestValidateUpdate(t *testing.T) {
	start := now.Add(-2 * time.Hour)
	open := &model.Event{Type: model.TypeIncident, Impact: model.ImpactMinor, StartAt: start,
		Updates: []model.EventUpdate{{Status: "detected", At: now.Add(-time.Hour)}}}
	closed := &model.Event{Type: model.TypeIncident, Impact: model.ImpactMinor, StartAt: start, EndAt: ptr(now.Add(-30 * time.Minute)),
		Updates: []model.EventUpdate{{Status: "resolved", At: now.Add(-30 * time.Minute)}}}
	maintenance := &model.Event{Type: model.TypeMaintenance, StartAt: now.Add(time.Hour), EndAt: ptr(now.Add(2 * time.Hour)),
		Updates: []model.EventUpdate{{Status: "planned", At: now.Add(-time.Hour)}}}
	window := func(status string) *model.Event {
		return &model.Event{Type: model.TypeMaintenance, Status: status, StartAt: now.Add(-time.Hour), EndAt: ptr(now.Add(time.Hour)),
			Updates: []model.EventUpdate{{Status: status, At: now.Add(-time.Hour)}}}
	}
	update := func(status string, change func(*Update)) Update {
		u := Update{Status: status, Message: "text", At: now}
		change(&u)
		return u
	}
	same := func(*Update) {}
	tests := []struct {
		name   string
		event  *model.Event
		update Update
		want   string
	}{
		{"analysing", open, update("analysing", same), ""},
		{"unknown status", open, update("broken", same), "status"},
		{"missing status", open, update("", same), "status"},
		{"maintenance status on incident", open, update("planned", same), "status"},
		{"reopened on open incident", open, update("reopened", same), "status"},
		{"missing message", open, update("fixing", func(u *Update) { u.Message = "" }), "message"},
		{"message too long", open, update("fixing", func(u *Update) { u.Message = strings.Repeat("a", 10001) }), "message"},
		{"impact change with impact changed", open, update("impact changed", func(u *Update) { u.Impact = ptr(model.ImpactOutage) }), ""},
		{"impact change needs impact changed", open, update("fixing", func(u *Update) { u.Impact = ptr(model.ImpactOutage) }), "impact"},
		{"same impact with any status", open, update("fixing", func(u *Update) { u.Impact = ptr(model.ImpactMinor) }), ""},
		{"impact 0 on incident", open, update("impact changed", func(u *Update) { u.Impact = ptr(model.ImpactMaintenance) }), "impact"},
		{"missing time", open, update("fixing", func(u *Update) { u.At = time.Time{} }), "update_date"},
		{"time in the future", open, update("fixing", func(u *Update) { u.At = now.Add(time.Hour) }), "update_date"},
		{"time before start", open, update("fixing", func(u *Update) { u.At = start.Add(-time.Minute) }), "update_date"},
		{"time before previous update", open, update("fixing", func(u *Update) { u.At = now.Add(-90 * time.Minute) }), "update_date"},
		{"time in the previous update's minute", open, update("fixing", func(u *Update) { u.At = now.Add(-time.Hour).Truncate(time.Minute) }), ""},
		{"resolved", open, update("resolved", same), ""},
		{"end on open incident", open, update("fixing", func(u *Update) { u.EndAt = ptr(now) }), "end_date"},
		{"closed accepts reopened", closed, update("reopened", same), ""},
		{"closed refuses fixing", closed, update("fixing", same), "status"},
		{"changed with end", closed, update("changed", func(u *Update) { u.EndAt = ptr(now.Add(-time.Hour)) }), ""},
		{"changed without end", closed, update("changed", same), "end_date"},
		{"changed end before start", closed, update("changed", func(u *Update) { u.EndAt = ptr(start.Add(-time.Hour)) }), "end_date"},
		{"changed end in future", closed, update("changed", func(u *Update) { u.EndAt = ptr(now.Add(time.Hour)) }), "end_date"},
		{"title too long", open, update("fixing", func(u *Update) { u.Title = ptr(strings.Repeat("a", 201)) }), "title"},
		{"start in future", open, update("fixing", func(u *Update) { u.StartAt = ptr(now.Add(time.Hour)) }), "start_date,update_date"},
		{"maintenance modified before its start", maintenance, update("modified", same), ""},
		{"maintenance moved end before start", maintenance, update("modified", func(u *Update) { u.EndAt = ptr(now) }), "end_date"},
		{"incident status on maintenance", maintenance, update("resolved", same), "status"},
		{"running window completes", window("in progress"), update("completed", same), ""},
		{"running window cannot be planned again", window("in progress"), update("planned", same), "status"},
		{"completed window takes no updates", window("completed"), update("cancelled", same), "status"},
		{"cancelled window cannot be planned again", window("cancelled"), update("planned", same), "status"},
		{"maintenance impact 1", maintenance, update("modified", func(u *Update) { u.Impact = ptr(model.ImpactMinor) }), "impact"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fieldsOf(ValidateUpdate(tt.event, tt.update, now)); got != tt.want {
				t.Errorf("fields in error = %q, want %q (%v)", got, tt.want, ValidateUpdate(tt.event, tt.update, now))
			}
		})
	}
}

func TestApplyUpdate(t *testing.T) {
	start := now.Add(-2 * time.Hour)
	tests := []struct {
		name       string
		event      model.Event
		update     Update
		wantEnd    *time.Time
		wantImpact model.Impact
		wantAt     time.Time
	}{
		{"resolved sets the end", model.Event{Type: model.TypeIncident, Impact: 1, StartAt: start},
			Update{Status: "resolved", At: now}, &now, 1, now},
		{"reopened clears the end", model.Event{Type: model.TypeIncident, Impact: 1, StartAt: start, EndAt: &now},
			Update{Status: "reopened", At: now}, nil, 1, now},
		{"changed sets the given end", model.Event{Type: model.TypeIncident, Impact: 1, StartAt: start, EndAt: &now},
			Update{Status: "changed", At: now, EndAt: &start}, &start, 1, now},
		{"impact changed", model.Event{Type: model.TypeIncident, Impact: 1, StartAt: start},
			Update{Status: "impact changed", At: now, Impact: ptr(model.ImpactOutage)}, nil, 3, now},
		{"time moves up to the previous update", model.Event{Type: model.TypeIncident, Impact: 1, StartAt: start, Updates: []model.EventUpdate{{At: now.Add(time.Second)}}},
			Update{Status: "fixing", At: now}, nil, 1, now.Add(time.Second)},
		{"maintenance completed ends", model.Event{Type: model.TypeMaintenance, StartAt: start, EndAt: ptr(now.Add(time.Hour))},
			Update{Status: "completed", At: now}, &now, 0, now},
		{"maintenance cancelled in progress ends then", model.Event{Type: model.TypeMaintenance, StartAt: start, EndAt: ptr(now.Add(time.Hour))},
			Update{Status: "cancelled", At: now}, &now, 0, now},
		{"maintenance cancelled before start ends then, and starts there", model.Event{Type: model.TypeMaintenance, StartAt: now.Add(time.Hour), EndAt: ptr(now.Add(2 * time.Hour))},
			Update{Status: "cancelled", At: now}, &now, 0, now},
		{"info notice cancelled before start ends then", model.Event{Type: model.TypeInfo, StartAt: now.Add(time.Hour)},
			Update{Status: "cancelled", At: now}, &now, 0, now},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := tt.event
			e.System = true
			row := ApplyUpdate(&e, tt.update)
			if (e.EndAt == nil) != (tt.wantEnd == nil) || (e.EndAt != nil && !e.EndAt.Equal(*tt.wantEnd)) {
				t.Errorf("end = %v, want %v", e.EndAt, tt.wantEnd)
			}
			if e.Impact != tt.wantImpact {
				t.Errorf("impact = %v, want %v", e.Impact, tt.wantImpact)
			}
			if !row.At.Equal(tt.wantAt) || row.Status != tt.update.Status || e.Status != tt.update.Status {
				t.Errorf("update = %+v, event status %q, want at %v status %q", row, e.Status, tt.wantAt, tt.update.Status)
			}
			if e.System {
				t.Error("a person's update left system set")
			}
			if e.EndAt != nil && e.EndAt.Before(e.StartAt) {
				t.Errorf("start %v after end %v", e.StartAt, e.EndAt)
			}
		})
	}
}

func TestValidateEdit(t *testing.T) {
	open := &model.Event{Type: model.TypeIncident, StartAt: now.Add(-2 * time.Hour), Updates: []model.EventUpdate{{At: now.Add(-time.Hour)}}}
	closed := &model.Event{Type: model.TypeIncident, StartAt: now.Add(-2 * time.Hour), EndAt: ptr(now.Add(-time.Hour))}
	maintenance := &model.Event{Type: model.TypeMaintenance, StartAt: now.Add(time.Hour), EndAt: ptr(now.Add(2 * time.Hour))}
	tests := []struct {
		name  string
		event *model.Event
		edit  Edit
		want  string
	}{
		{"title", open, Edit{Title: ptr("New")}, ""},
		{"empty title", open, Edit{Title: ptr("")}, "title"},
		{"start earlier", open, Edit{StartAt: ptr(now.Add(-3 * time.Hour))}, ""},
		{"start after first update", open, Edit{StartAt: ptr(now.Add(-30 * time.Minute))}, "start_date"},
		{"end on open incident", open, Edit{EndAt: ptr(now)}, "end_date"},
		{"end of closed incident", closed, Edit{EndAt: ptr(now.Add(-90 * time.Minute))}, ""},
		{"end before start", closed, Edit{EndAt: ptr(now.Add(-3 * time.Hour))}, "end_date"},
		{"maintenance moved", maintenance, Edit{StartAt: ptr(now.Add(3 * time.Hour)), EndAt: ptr(now.Add(4 * time.Hour))}, ""},
		{"maintenance start after end", maintenance, Edit{StartAt: ptr(now.Add(3 * time.Hour))}, "end_date"},
		{"title of a window called off before it began", &model.Event{Type: model.TypeMaintenance, Status: "cancelled", StartAt: now, EndAt: &now}, Edit{Title: ptr("New")}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fieldsOf(ValidateEdit(tt.event, tt.edit, now)); got != tt.want {
				t.Errorf("fields in error = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTransition(t *testing.T) {
	window := func(status string) *model.Event {
		return &model.Event{Type: model.TypeMaintenance, Status: status, StartAt: now.Add(-time.Hour), EndAt: ptr(now.Add(time.Hour))}
	}
	tests := []struct {
		name   string
		event  *model.Event
		at     time.Time
		want   string
		wantOK bool
	}{
		{"planned before start", window("planned"), now.Add(-2 * time.Hour), "", false},
		{"planned at start", window("planned"), now.Add(-time.Hour), "in progress", true},
		{"modified after start", window("modified"), now, "in progress", true},
		{"in progress before end", window("in progress"), now, "", false},
		{"in progress after end", window("in progress"), now.Add(2 * time.Hour), "completed", true},
		{"cancelled stays", window("cancelled"), now.Add(2 * time.Hour), "", false},
		{"incidents never move", &model.Event{Type: model.TypeIncident, Status: "planned"}, now, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, ok := Transition(tt.event, tt.at)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Transition = %q %v, want %q %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}
