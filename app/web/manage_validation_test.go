package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"statusdash/app/incident"
	"statusdash/app/model"
)

var validationNow = time.Date(2026, 3, 15, 12, 0, 30, 0, time.UTC)

func TestParseLocalTime(t *testing.T) {
	t.Parallel()
	berlin, _ := time.LoadLocation("Europe/Berlin")
	tests := []struct {
		raw  string
		zone *time.Location
		want time.Time
		ok   bool
	}{
		{"2026-03-15T13:45", time.UTC, time.Date(2026, 3, 15, 13, 45, 0, 0, time.UTC), true},
		{"2026-03-15T13:45", berlin, time.Date(2026, 3, 15, 12, 45, 0, 0, time.UTC), true},
		{"2026-07-15T13:45:10", berlin, time.Date(2026, 7, 15, 11, 45, 10, 0, time.UTC), true},
		{" 2026-03-15T13:45 ", nil, time.Date(2026, 3, 15, 13, 45, 0, 0, time.UTC), true},
		{"2026-03-15 13:45", time.UTC, time.Time{}, false},
		{"2026-02-30T10:00", time.UTC, time.Time{}, false},
		{"yesterday", time.UTC, time.Time{}, false},
		{"", time.UTC, time.Time{}, false},
	}
	for _, tt := range tests {
		got, err := parseLocalTime(tt.raw, tt.zone)
		if (err == nil) != tt.ok || !got.Equal(tt.want) {
			t.Errorf("parseLocalTime(%q) = %v, %v; want %v, ok %v", tt.raw, got, err, tt.want, tt.ok)
		}
	}
}

func TestValidateEventForm(t *testing.T) {
	t.Parallel()
	known := func(id uint) bool { return id == 1 || id == 2 }
	long := strings.Repeat("x", incident.MaxTitle+1)
	text := strings.Repeat("y", incident.MaxText+1)
	incidentForm := func(change func(f *eventForm)) eventForm {
		f := eventForm{Type: model.TypeIncident, Title: "Slow", Impact: "2", Components: []string{"1"}, Start: "2026-03-15T11:00"}
		change(&f)
		return f
	}
	windowForm := func(change func(f *eventForm)) eventForm {
		f := eventForm{Type: model.TypeMaintenance, Title: "Upgrade", Components: []string{"2"}, Start: "2026-03-16T10:00", End: "2026-03-16T12:00"}
		change(&f)
		return f
	}
	tests := []struct {
		name  string
		form  eventForm
		field string // "" when valid
	}{
		{"incident", incidentForm(func(*eventForm) {}), ""},
		{"incident starting now when empty", incidentForm(func(f *eventForm) { f.Start = "" }), ""},
		{"same minute as now", incidentForm(func(f *eventForm) { f.Start = "2026-03-15T12:00" }), ""},
		{"no title", incidentForm(func(f *eventForm) { f.Title = "" }), "title"},
		{"title too long", incidentForm(func(f *eventForm) { f.Title = long }), "title"},
		{"description too long", incidentForm(func(f *eventForm) { f.Description = text }), "description"},
		{"message too long", incidentForm(func(f *eventForm) { f.Message = text }), "message"},
		{"impact 0", incidentForm(func(f *eventForm) { f.Impact = "0" }), "impact"},
		{"impact 4", incidentForm(func(f *eventForm) { f.Impact = "4" }), "impact"},
		{"impact not a number", incidentForm(func(f *eventForm) { f.Impact = "high" }), "impact"},
		{"no components", incidentForm(func(f *eventForm) { f.Components = nil }), "components"},
		{"unknown component", incidentForm(func(f *eventForm) { f.Components = []string{"1", "99"} }), "components"},
		{"component not a number", incidentForm(func(f *eventForm) { f.Components = []string{"ecs"} }), "components"},
		{"component 0", incidentForm(func(f *eventForm) { f.Components = []string{"0"} }), "components"},
		{"start in the future", incidentForm(func(f *eventForm) { f.Start = "2026-03-15T13:00" }), "start_date"},
		{"start unreadable", incidentForm(func(f *eventForm) { f.Start = "noon" }), "start_date"},
		{"incident with an end", incidentForm(func(f *eventForm) { f.End = "2026-03-15T11:30" }), "end_date"},
		{"maintenance", windowForm(func(*eventForm) {}), ""},
		{"maintenance in the past", windowForm(func(f *eventForm) { f.Start, f.End = "2026-03-01T10:00", "2026-03-01T11:00" }), ""},
		{"maintenance without start", windowForm(func(f *eventForm) { f.Start = "" }), "start_date"},
		{"maintenance without end", windowForm(func(f *eventForm) { f.End = "" }), "end_date"},
		{"end before start", windowForm(func(f *eventForm) { f.End = "2026-03-16T09:00" }), "end_date"},
		{"end equal to start", windowForm(func(f *eventForm) { f.End = f.Start }), "end_date"},
		{"end unreadable", windowForm(func(f *eventForm) { f.End = "later" }), "end_date"},
		{"maintenance without components", windowForm(func(f *eventForm) { f.Components = nil }), "components"},
		{"notice without components", eventForm{Type: model.TypeInfo, Title: "News", Start: "2026-03-16T10:00"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := validateEventForm(tt.form, time.UTC, validationNow, known)
			switch {
			case tt.field == "" && len(errs) > 0:
				t.Errorf("errors %v, want none", errs)
			case tt.field != "" && errs[tt.field] == "":
				t.Errorf("errors %v, want one on %s", errs, tt.field)
			}
		})
	}
}

func TestValidateUpdateForm(t *testing.T) {
	t.Parallel()
	start := validationNow.Add(-2 * time.Hour)
	end := validationNow.Add(-time.Hour)
	open := &model.Event{Type: model.TypeIncident, Impact: model.ImpactMajor, Status: "fixing", StartAt: start,
		Updates: []model.EventUpdate{{Status: "detected", At: start}, {Status: "fixing", At: start.Add(30 * time.Minute)}}}
	closed := &model.Event{Type: model.TypeIncident, Impact: model.ImpactMajor, Status: "resolved", StartAt: start, EndAt: &end,
		Updates: []model.EventUpdate{{Status: "detected", At: start}, {Status: "resolved", At: end}}}
	windowEnd := validationNow.Add(26 * time.Hour)
	window := &model.Event{Type: model.TypeMaintenance, Status: "planned", StartAt: validationNow.Add(24 * time.Hour), EndAt: &windowEnd,
		Updates: []model.EventUpdate{{Status: "planned", At: validationNow.Add(-time.Hour)}}}
	withStatus := func(e *model.Event, status string) *model.Event {
		changed := *e
		changed.Status = status
		return &changed
	}
	text := strings.Repeat("y", incident.MaxText+1)
	tests := []struct {
		name  string
		event *model.Event
		form  updateForm
		field string
	}{
		{"update now", open, updateForm{Status: "observing", Message: "ok"}, ""},
		{"update at a time", open, updateForm{Status: "observing", Message: "ok", At: "2026-03-15T11:00"}, ""},
		{"unknown status", open, updateForm{Status: "panicking", Message: "ok"}, "status"},
		{"maintenance status on an incident", open, updateForm{Status: "planned", Message: "ok"}, "status"},
		{"no message", open, updateForm{Status: "fixing", Message: "  "}, "message"},
		{"message too long", open, updateForm{Status: "fixing", Message: text}, "message"},
		{"in the future", open, updateForm{Status: "fixing", Message: "ok", At: "2026-03-15T13:00"}, "update_date"},
		{"before the start", open, updateForm{Status: "fixing", Message: "ok", At: "2026-03-15T09:00"}, "update_date"},
		{"before the previous update", open, updateForm{Status: "fixing", Message: "ok", At: "2026-03-15T10:15"}, "update_date"},
		{"time unreadable", open, updateForm{Status: "fixing", Message: "ok", At: "soon"}, "update_date"},
		{"impact changed", open, updateForm{Status: "impact changed", Message: "worse", Impact: "3"}, ""},
		{"impact changed without impact", open, updateForm{Status: "impact changed", Message: "worse"}, "impact"},
		{"impact changed to the same", open, updateForm{Status: "impact changed", Message: "same", Impact: "2"}, "impact"},
		{"impact out of range", open, updateForm{Status: "impact changed", Message: "x", Impact: "7"}, "impact"},
		{"impact with another status", open, updateForm{Status: "fixing", Message: "x", Impact: "3"}, "impact"},
		{"resolve", open, updateForm{Status: "resolved", Message: "done"}, ""},
		{"end on an open incident", open, updateForm{Status: "fixing", Message: "x", End: "2026-03-15T11:00"}, "end_date"},
		{"fixing a closed incident", closed, updateForm{Status: "fixing", Message: "x"}, "status"},
		{"resolving a closed incident", closed, updateForm{Status: "resolved", Message: "x"}, "status"},
		{"reopen", closed, updateForm{Status: "reopened", Message: "again"}, ""},
		{"changed", closed, updateForm{Status: "changed", Message: "end fixed", End: "2026-03-15T11:30"}, ""},
		{"changed without end", closed, updateForm{Status: "changed", Message: "x"}, "end_date"},
		{"changed to before the start", closed, updateForm{Status: "changed", Message: "x", End: "2026-03-15T09:00"}, "end_date"},
		{"changed to the future", closed, updateForm{Status: "changed", Message: "x", End: "2026-03-15T14:00"}, "end_date"},
		{"modify window", window, updateForm{Status: "modified", Message: "moved", Start: "2026-03-17T10:00", End: "2026-03-17T11:00"}, ""},
		{"window end before start", window, updateForm{Status: "modified", Message: "x", Start: "2026-03-17T10:00", End: "2026-03-17T09:00"}, "end_date"},
		{"window start unreadable", window, updateForm{Status: "modified", Message: "x", Start: "tomorrow"}, "start_date"},
		{"cancel", window, updateForm{Status: "cancelled", Message: "off"}, ""},
		{"incident status on a window", window, updateForm{Status: "resolved", Message: "x"}, "status"},
		{"cancel a completed window", withStatus(window, "completed"), updateForm{Status: "cancelled", Message: "x"}, "status"},
		{"plan a cancelled window again", withStatus(window, "cancelled"), updateForm{Status: "planned", Message: "x"}, "status"},
		{"plan a running window again", withStatus(window, "in progress"), updateForm{Status: "planned", Message: "x"}, "status"},
		{"complete a running window", withStatus(window, "in progress"), updateForm{Status: "completed", Message: "x"}, ""},
		{"note on a planned window", window, updateForm{Status: "planned", Message: "x"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := validateUpdateForm(tt.form, tt.event, time.UTC, validationNow)
			switch {
			case tt.field == "" && len(errs) > 0:
				t.Errorf("errors %v, want none", errs)
			case tt.field != "" && errs[tt.field] == "":
				t.Errorf("errors %v, want one on %s", errs, tt.field)
			}
		})
	}
}

func TestValidateEditExtractAndText(t *testing.T) {
	t.Parallel()
	end := validationNow
	e := &model.Event{Type: model.TypeIncident, Impact: 1, StartAt: validationNow.Add(-time.Hour),
		Components: []model.Component{{ID: 1}, {ID: 2}, {ID: 3}}}
	if _, errs := validateEditForm(editForm{Title: "New"}, e, validationNow); len(errs) > 0 {
		t.Errorf("edit: %v", errs)
	}
	for _, f := range []editForm{{Title: ""}, {Title: strings.Repeat("t", 201)}, {Title: "ok", Description: strings.Repeat("d", 10001)}} {
		if _, errs := validateEditForm(f, e, validationNow); len(errs) == 0 {
			t.Errorf("edit %.20q accepted", f.Title)
		}
	}
	if errs := validateUpdateTextForm(updateTextForm{Text: "fine"}); len(errs) > 0 {
		t.Errorf("text: %v", errs)
	}
	for _, text := range []string{"", " \n", strings.Repeat("z", 10001)} {
		if errs := validateUpdateTextForm(updateTextForm{Text: text}); errs["text"] == "" {
			t.Errorf("text of %d characters accepted", len(text))
		}
	}
	closed := *e
	closed.EndAt = &end
	window := &model.Event{Type: model.TypeMaintenance, Components: e.Components}
	tests := []struct {
		name  string
		event *model.Event
		ids   []string
		ok    bool
	}{
		{"one of three", e, []string{"2"}, true},
		{"two of three", e, []string{"2", "3", "3"}, true},
		{"none", e, nil, false},
		{"all", e, []string{"1", "2", "3"}, false},
		{"not in the incident", e, []string{"9"}, false},
		{"not a number", e, []string{"two"}, false},
		{"closed incident", &closed, []string{"2"}, false},
		{"maintenance", window, []string{"2"}, false},
	}
	for _, tt := range tests {
		_, errs := validateExtractForm(extractForm{Components: tt.ids}, tt.event)
		if (len(errs) == 0) != tt.ok || (!tt.ok && errs["components"] == "") {
			t.Errorf("%s: errors %v, want ok %v", tt.name, errs, tt.ok)
		}
	}
}

// TestManageFormsRefuseBadInput posts each kind of bad input through HTTP:
// a 422 page naming the field, the submitted values shown again, nothing written.
func TestManageFormsRefuseBadInput(t *testing.T) {
	t.Parallel()
	site := startManageSite(t)
	op := site.signedIn(olgaOperator)
	open := createdID(t, op.post("/manage/incidents", url.Values{"title": {"Open one"}, "impact": {"1"},
		"components": site.ids("ecs/eu-de", "ecs/eu-nl")}))
	closed := createdID(t, op.post("/manage/incidents", url.Values{"title": {"Closed one"}, "impact": {"1"}, "components": site.ids("obs/eu-de")}))
	op.post("/manage/events/"+itoa(closed)+"/updates", url.Values{"status": {"resolved"}, "message": {"done"}})
	start := time.Now().UTC().Add(48 * time.Hour)
	window := createdID(t, op.post("/manage/maintenance", url.Values{"title": {"Window"}, "components": site.ids("evs/eu-de"),
		"start_date": {start.Format(localMinuteLayout)}, "end_date": {start.Add(time.Hour).Format(localMinuteLayout)}}))
	future := time.Now().UTC().Add(3 * time.Hour).Format(localMinuteLayout)
	long := strings.Repeat("x", 201)
	text := strings.Repeat("y", 10001)
	ev := func(id uint, rest string) string { return "/manage/events/" + itoa(id) + rest }
	tests := []struct {
		name, path string
		form       url.Values
		field      string
		echo       string // a submitted value the page must show again
	}{
		{"title too long", "/manage/incidents", url.Values{"title": {long}, "impact": {"1"}, "components": site.ids("evs/eu-nl")}, "characters", long},
		{"no title", "/manage/incidents", url.Values{"title": {""}, "impact": {"1"}, "description": {"kept text"}, "components": site.ids("evs/eu-nl")}, "is required", "kept text"},
		{"description too long", "/manage/incidents", url.Values{"title": {"T"}, "impact": {"1"}, "description": {text}, "components": site.ids("evs/eu-nl")}, "10000", "value=\"T\""},
		{"unknown component", "/manage/incidents", url.Values{"title": {"T"}, "impact": {"1"}, "components": {"99999"}}, "unknown component 99999", ""},
		{"component not a number", "/manage/incidents", url.Values{"title": {"T"}, "impact": {"1"}, "components": {"ecs"}}, "unknown component", ""},
		{"no components", "/manage/incidents", url.Values{"title": {"Kept title"}, "impact": {"1"}}, "choose at least one component", "Kept title"},
		{"impact out of range", "/manage/incidents", url.Values{"title": {"T"}, "impact": {"5"}, "components": site.ids("evs/eu-nl")}, "must be 1 (minor)", ""},
		{"start in the future", "/manage/incidents", url.Values{"title": {"T"}, "impact": {"1"}, "start_date": {future}, "components": site.ids("evs/eu-nl")}, "may not be in the future", future},
		{"start unreadable", "/manage/incidents", url.Values{"title": {"T"}, "impact": {"1"}, "start_date": {"noon"}, "components": site.ids("evs/eu-nl")}, "not a date and time", ""},
		{"window end before start", "/manage/maintenance", url.Values{"title": {"W"}, "components": site.ids("evs/eu-nl"),
			"start_date": {"2030-01-02T10:00"}, "end_date": {"2030-01-02T09:00"}}, "must be after the start", "2030-01-02T09:00"},
		{"window without end", "/manage/maintenance", url.Values{"title": {"W"}, "components": site.ids("evs/eu-nl"), "start_date": {"2030-01-02T10:00"}}, "needs an end", ""},
		{"update without message", ev(open, "/updates"), url.Values{"form": {"update"}, "status": {"fixing"}, "message": {""}}, "is required", ""},
		{"update message too long", ev(open, "/updates"), url.Values{"form": {"update"}, "status": {"fixing"}, "message": {text}}, "10000", ""},
		{"update unknown status", ev(open, "/updates"), url.Values{"form": {"update"}, "status": {"done"}, "message": {"x"}}, "must be one of", ""},
		{"update in the future", ev(open, "/updates"), url.Values{"form": {"update"}, "status": {"fixing"}, "message": {"kept message"}, "update_date": {future}}, "future", "kept message"},
		{"update before the start", ev(open, "/updates"), url.Values{"form": {"update"}, "status": {"fixing"}, "message": {"x"}, "update_date": {"2020-01-01T00:00"}}, "before the start", ""},
		{"impact without impact", ev(open, "/updates"), url.Values{"form": {"impact"}, "status": {"impact changed"}, "message": {"x"}}, "choose the new impact", ""},
		{"closed incident fixing", ev(closed, "/updates"), url.Values{"form": {"closed"}, "status": {"fixing"}, "message": {"x"}}, "only reopened or changed", ""},
		{"changed without end", ev(closed, "/updates"), url.Values{"form": {"closed"}, "status": {"changed"}, "message": {"x"}}, "is required", ""},
		{"window modified end before start", ev(window, "/updates"), url.Values{"form": {"window"}, "status": {"modified"}, "message": {"x"},
			"start_date": {"2030-01-02T10:00"}, "end_date": {"2030-01-01T10:00"}}, "must be after the start", "2030-01-01T10:00"},
		{"edit title too long", ev(open, "/edit"), url.Values{"title": {long}}, "characters", long},
		{"edit description too long", ev(open, "/edit"), url.Values{"title": {"ok"}, "description": {text}}, "10000", ""},
		{"extract all", ev(open, "/extract"), url.Values{"components": site.ids("ecs/eu-de", "ecs/eu-nl")}, "must stay", ""},
		{"extract none", ev(open, "/extract"), url.Values{}, "choose at least one", ""},
		{"extract foreign", ev(open, "/extract"), url.Values{"components": site.ids("obs/eu-nl")}, "not in this incident", ""},
		{"extract unknown", ev(open, "/extract"), url.Values{"components": {"4294967295"}}, "not in this incident", ""},
		{"update text empty", ev(open, "/updates/0/edit"), url.Values{"text": {" "}}, "is required", ""},
		{"update text too long", ev(open, "/updates/0/edit"), url.Values{"text": {text}}, "10000", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := site.auditCount()
			a := op.post(tt.path, tt.form)
			if a.status != http.StatusUnprocessableEntity {
				t.Fatalf("POST %s = %d to %q (%s), want 422", tt.path, a.status, a.location, errorText(a.body))
			}
			if got := errorText(a.body); !strings.Contains(got, tt.field) {
				t.Errorf("field errors %q, want one containing %q", got, tt.field)
			}
			if !strings.Contains(a.body, "The form was not saved") {
				t.Errorf("page lacks the error summary")
			}
			if tt.echo != "" && !strings.Contains(a.body, tt.echo) {
				t.Errorf("page does not show the submitted %.30q again", tt.echo)
			}
			if a.header.Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control = %q, want no-store", a.header.Get("Cache-Control"))
			}
			if after := site.auditCount(); after != before {
				t.Errorf("refused input wrote %d audit rows", after-before)
			}
		})
	}
}

func TestManageUnknownEventsAndUpdates(t *testing.T) {
	t.Parallel()
	site := startManageSite(t)
	op := site.signedIn(olgaOperator)
	id := createdID(t, op.post("/manage/incidents", url.Values{"title": {"One"}, "impact": {"1"}, "components": site.ids("ecs/eu-de")}))
	for _, path := range []string{"/manage/events/999999", "/manage/events/abc", "/manage/events/0", "/manage/events/99999999999",
		"/manage/events/" + itoa(id) + "/updates/5/edit", "/manage/events/" + itoa(id) + "/updates/-1/edit", "/manage/events/" + itoa(id) + "/updates/x/edit"} {
		if a := op.get(path); a.status != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", path, a.status)
		}
	}
	before := site.auditCount()
	for _, path := range []string{"/manage/events/999999/updates", "/manage/events/999999/edit", "/manage/events/999999/extract",
		"/manage/events/" + itoa(id) + "/updates/9/edit"} {
		if a := op.post(path, url.Values{"status": {"fixing"}, "message": {"x"}, "title": {"x"}, "text": {"x"}}); a.status != http.StatusNotFound {
			t.Errorf("POST %s = %d, want 404", path, a.status)
		}
	}
	if site.auditCount() != before {
		t.Errorf("posts to unknown events wrote")
	}
}
