package incident

import (
	"strings"
	"testing"
	"time"

	"statusdash/app/model"
)

func TestTextProblem(t *testing.T) {
	tests := []struct{ text, want string }{
		{"", ""},
		{"Slow volumes in EU-DE — we are on it. ✓", ""},
		{"line one\nline two\r\n\tindented", ""},
		{"a\x00b", `may not contain the NUL character (\u0000)`},
		{"a\x1bb", "may not contain the control character U+001B"},
		{"a\x7fb", "may not contain the control character U+007F"},
		{"a\u0085b", "may not contain the control character U+0085"},
		{"caf\xe9", "must be valid UTF-8 text"},
	}
	for _, tt := range tests {
		if got := TextProblem(tt.text); got != tt.want {
			t.Errorf("TextProblem(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
	if got := TitleProblem(strings.Repeat("é", MaxTitle)); got != "" {
		t.Errorf("TitleProblem of %d characters = %q, want none", MaxTitle, got)
	}
	if got := TitleProblem(strings.Repeat("é", MaxTitle+1)); got != "may have at most 200 characters" {
		t.Errorf("TitleProblem of %d characters = %q, want the limit", MaxTitle+1, got)
	}
}

// TestValidationRefusesUnstorableText: every text field of every change
// goes through TextProblem, whichever entry point built the change.
func TestValidationRefusesUnstorableText(t *testing.T) {
	start := now.Add(-time.Hour)
	open := &model.Event{Type: model.TypeIncident, Impact: model.ImpactMinor, StartAt: start,
		Updates: []model.EventUpdate{{Status: "detected", At: start}}}
	valid := NewEvent{Type: model.TypeIncident, Title: "T", Impact: model.ImpactMinor, ComponentIDs: []uint{1}, StartAt: start}
	nul := "a\x00b"
	tests := []struct {
		name string
		errs FieldErrors
		want string
	}{
		{"new event title", ValidateNewEvent(with(valid, func(e *NewEvent) { e.Title = nul }), now), "title"},
		{"new event description", ValidateNewEvent(with(valid, func(e *NewEvent) { e.Description = nul }), now), "description"},
		{"new event message", ValidateNewEvent(with(valid, func(e *NewEvent) { e.Message = "\x01" }), now), "message"},
		{"update message", ValidateUpdate(open, Update{Status: "fixing", Message: nul, At: now}, now), "message"},
		{"update title", ValidateUpdate(open, Update{Status: "fixing", Message: "m", At: now, Title: &nul}, now), "title"},
		{"update description", ValidateUpdate(open, Update{Status: "fixing", Message: "m", At: now, Description: &nul}, now), "description"},
		{"edit title", ValidateEdit(open, Edit{Title: &nul}, now), "title"},
		{"edit description", ValidateEdit(open, Edit{Description: &nul}, now), "description"},
		{"update text", ValidateUpdateText(nul), "text"},
	}
	for _, tt := range tests {
		if got := fieldsOf(tt.errs); got != tt.want {
			t.Errorf("%s: fields in error = %q, want %q (%v)", tt.name, got, tt.want, tt.errs)
		}
	}
}

func TestValidateNewEventBoundsComponents(t *testing.T) {
	ids := make([]uint, MaxComponents+1)
	for i := range ids {
		ids[i] = uint(i + 1)
	}
	in := NewEvent{Type: model.TypeIncident, Title: "T", Impact: model.ImpactMinor, StartAt: now, ComponentIDs: ids}
	if got := ValidateNewEvent(in, now)["components"]; got != TooManyComponents {
		t.Errorf("%d components: error %q, want %q", len(ids), got, TooManyComponents)
	}
	in.ComponentIDs = ids[:MaxComponents]
	if errs := ValidateNewEvent(in, now); len(errs) > 0 {
		t.Errorf("%d components: errors %v, want none", MaxComponents, errs)
	}
	if !strings.Contains(TooManyComponents, " 1000 ") || MaxComponents != 1000 {
		t.Errorf("TooManyComponents %q does not name MaxComponents %d", TooManyComponents, MaxComponents)
	}
}

// TestResolveInTheStartsSecond: an incident opened at a time with
// sub-second precision is resolved by a client that read its start to the
// second (or a form, to the minute): accepted, and it ends at its start,
// not before.
func TestResolveInTheStartsSecond(t *testing.T) {
	start := now.Add(-time.Hour).Add(500 * time.Millisecond)
	incident := func() *model.Event {
		return &model.Event{Type: model.TypeIncident, Impact: model.ImpactMinor, StartAt: start,
			Updates: []model.EventUpdate{{Status: "detected", At: start}}}
	}
	tests := []struct {
		name string
		at   time.Time
		want string
	}{
		{"the start to the second", start.Truncate(time.Second), ""},
		{"the start to the minute", start.Truncate(time.Minute), ""},
		{"the minute before", start.Truncate(time.Minute).Add(-time.Second), "update_date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := incident()
			u := Update{Status: model.StatusResolved, Message: "fixed", At: tt.at}
			if got := fieldsOf(ValidateUpdate(e, u, now)); got != tt.want {
				t.Fatalf("fields in error = %q, want %q", got, tt.want)
			}
			if tt.want != "" {
				return
			}
			e.Updates = nil // the clamp to the start holds without a previous update too
			row := ApplyUpdate(e, u)
			if e.EndAt == nil || e.EndAt.Before(e.StartAt) || row.At.Before(e.StartAt) {
				t.Errorf("resolved at %v: end %v, update at %v, want neither before the start %v", tt.at, e.EndAt, row.At, e.StartAt)
			}
		})
	}
}

func with(e NewEvent, change func(*NewEvent)) NewEvent {
	change(&e)
	return e
}
