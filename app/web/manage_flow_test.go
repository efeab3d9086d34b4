package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"statusdash/app/model"
)

func TestManageIncidentLifecycle(t *testing.T) {
	t.Parallel()
	site := startManageSite(t)
	op := site.signedIn(olgaOperator)

	page := op.get("/manage")
	if page.status != http.StatusOK || !strings.Contains(page.body, "Olga Operator") {
		t.Fatalf("GET /manage = %d, want 200 naming the operator", page.status)
	}
	if got := page.header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("GET /manage Cache-Control = %q, want no-store", got)
	}
	form := op.get("/manage/incidents/new")
	for _, want := range []string{`type="checkbox" name="components"`, "<legend>Compute</legend>", "<legend>EU-NL</legend>",
		`type="datetime-local"`, `name="csrf_token"`, "<details"} {
		if !strings.Contains(form.body, want) {
			t.Errorf("new incident form lacks %q", want)
		}
	}

	// Open an incident on two components.
	id := createdID(t, op.post("/manage/incidents", url.Values{
		"title": {"Volumes are slow"}, "impact": {"2"}, "description": {"Disk **latency**."},
		"components": site.ids("evs/eu-de", "evs/eu-nl"),
	}))
	e := site.event(id)
	if e.Title != "Volumes are slow" || e.Impact != model.ImpactMajor || len(e.Components) != 2 || e.EndAt != nil || e.CreatedBy != "op-1" {
		t.Fatalf("created %+v, want the open major incident on two components by op-1", e)
	}
	if len(e.Updates) != 1 || e.Updates[0].Author != "Olga Operator" {
		t.Fatalf("updates %+v, want one by Olga Operator", e.Updates)
	}
	shown := op.get("/manage/events/" + itoa(id))
	for _, want := range []string{"Volumes are slow", "Change the impact", "Resolve", "Extract components"} {
		if !strings.Contains(shown.body, want) {
			t.Errorf("event page lacks %q", want)
		}
	}

	steps := []struct {
		name  string
		form  url.Values
		check func(e *model.Event) bool
	}{
		{"update", url.Values{"form": {"update"}, "status": {"fixing"}, "message": {"A fix is rolling out."}},
			func(e *model.Event) bool { return e.Status == "fixing" && len(e.Updates) == 2 }},
		{"impact", url.Values{"form": {"impact"}, "status": {"impact changed"}, "impact": {"3"}, "message": {"Now down."}},
			func(e *model.Event) bool { return e.Impact == model.ImpactOutage && e.Status == "impact changed" }},
		{"resolve", url.Values{"form": {"resolve"}, "status": {"resolved"}, "message": {"Fixed."}},
			func(e *model.Event) bool { return e.EndAt != nil && e.Status == "resolved" }},
		{"reopen", url.Values{"form": {"closed"}, "status": {"reopened"}, "message": {"Back again."}},
			func(e *model.Event) bool { return e.EndAt == nil && e.Status == "reopened" }},
		{"resolve again", url.Values{"form": {"resolve"}, "status": {"resolved"}, "message": {"Fixed for good."}},
			func(e *model.Event) bool { return e.EndAt != nil }},
	}
	for _, step := range steps {
		a := op.post("/manage/events/"+itoa(id)+"/updates", step.form)
		if a.status != http.StatusSeeOther || a.location != "/manage/events/"+itoa(id) {
			t.Fatalf("%s: POST = %d to %q (%s), want 303 to the event", step.name, a.status, a.location, errorText(a.body))
		}
		if e := site.event(id); !step.check(e) {
			t.Fatalf("%s: event now %+v", step.name, e)
		}
	}

	// Correct the end of the closed incident, in the operator's zone.
	op.setCookie(&http.Cookie{Name: "tz", Value: "Europe/Berlin"})
	e = site.event(id)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	end := e.StartAt.Add(time.Minute).In(berlin)
	a := op.post("/manage/events/"+itoa(id)+"/updates", url.Values{"form": {"closed"}, "status": {"changed"},
		"end_date": {end.Format("2006-01-02T15:04")}, "message": {"End corrected."}})
	if a.status != http.StatusSeeOther {
		t.Fatalf("changed: %d (%s)", a.status, errorText(a.body))
	}
	if e := site.event(id); e.EndAt == nil || !e.EndAt.Equal(end.Truncate(time.Minute).UTC()) {
		t.Fatalf("end after changed = %v, want %v", e.EndAt, end.Truncate(time.Minute).UTC())
	}

	// Edit the title and the first update's text.
	if a := op.post("/manage/events/"+itoa(id)+"/edit", url.Values{"title": {"Volumes were slow"}, "description": {"Fixed."}}); a.status != http.StatusSeeOther {
		t.Fatalf("edit: %d (%s)", a.status, errorText(a.body))
	}
	if text := op.get("/manage/events/" + itoa(id) + "/updates/0/edit"); !strings.Contains(text.body, "We are investigating") {
		t.Fatalf("update text form lacks the text: %s", errorText(text.body))
	}
	if a := op.post("/manage/events/"+itoa(id)+"/updates/0/edit", url.Values{"text": {"Volumes respond slowly."}}); a.status != http.StatusSeeOther {
		t.Fatalf("edit text: %d (%s)", a.status, errorText(a.body))
	}
	e = site.event(id)
	if e.Title != "Volumes were slow" || e.Description != "Fixed." || e.Updates[0].Text != "Volumes respond slowly." {
		t.Fatalf("after edits: %q %q %q", e.Title, e.Description, e.Updates[0].Text)
	}
}

func TestManageTakeoverAndExtract(t *testing.T) {
	t.Parallel()
	site := startManageSite(t)
	op := site.signedIn(olgaOperator)
	first := createdID(t, op.post("/manage/incidents", url.Values{"title": {"ECS down"}, "impact": {"3"},
		"components": site.ids("ecs/eu-de")}))
	second := createdID(t, op.post("/manage/incidents", url.Values{"title": {"Compute trouble"}, "impact": {"2"},
		"components": site.ids("ecs/eu-de", "ecs/eu-nl", "evs/eu-de")}))
	if e := site.event(first); e.EndAt == nil || len(e.Components) != 0 {
		t.Fatalf("emptied incident: end %v, %d components; want closed and empty", e.EndAt, len(e.Components))
	}
	extracted := createdID(t, op.post("/manage/events/"+itoa(second)+"/extract", url.Values{"components": site.ids("evs/eu-de")}))
	if e := site.event(extracted); e.Impact != model.ImpactMajor || len(e.Components) != 1 || e.Components[0].ID != site.components["evs/eu-de"] {
		t.Fatalf("extracted %+v", e)
	}
	if e := site.event(second); len(e.Components) != 2 {
		t.Fatalf("left %d components, want 2", len(e.Components))
	}
}

func TestManageMaintenanceAndNotice(t *testing.T) {
	t.Parallel()
	site := startManageSite(t)
	op := site.signedIn(olgaOperator)
	start := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Minute)
	id := createdID(t, op.post("/manage/maintenance", url.Values{"title": {"Network upgrade"},
		"components": site.ids("obs/eu-de"), "start_date": {start.Format(localMinuteLayout)},
		"end_date": {start.Add(2 * time.Hour).Format(localMinuteLayout)}}))
	e := site.event(id)
	if e.Type != model.TypeMaintenance || e.Status != model.StatusPlanned || !e.StartAt.Equal(start) || e.EndAt == nil || !e.EndAt.Equal(start.Add(2*time.Hour)) {
		t.Fatalf("scheduled %+v", e)
	}
	newStart := start.Add(24 * time.Hour)
	a := op.post("/manage/events/"+itoa(id)+"/updates", url.Values{"form": {"window"}, "status": {"modified"},
		"start_date": {newStart.Format(localMinuteLayout)}, "end_date": {newStart.Add(time.Hour).Format(localMinuteLayout)},
		"message": {"Moved by a day."}})
	if a.status != http.StatusSeeOther {
		t.Fatalf("modify: %d (%s)", a.status, errorText(a.body))
	}
	if e := site.event(id); !e.StartAt.Equal(newStart) || e.Status != model.StatusModified {
		t.Fatalf("modified: start %v status %q", e.StartAt, e.Status)
	}
	if a := op.post("/manage/events/"+itoa(id)+"/updates", url.Values{"form": {"cancel"}, "status": {"cancelled"}, "message": {"Not needed."}}); a.status != http.StatusSeeOther {
		t.Fatalf("cancel: %d (%s)", a.status, errorText(a.body))
	}
	if e := site.event(id); e.Status != model.StatusCancelled {
		t.Fatalf("cancelled: status %q", e.Status)
	}
	notice := createdID(t, op.post("/manage/notices", url.Values{"title": {"New region opens"},
		"start_date": {start.Format(localMinuteLayout)}}))
	if e := site.event(notice); e.Type != model.TypeInfo || e.Status != model.StatusPlanned {
		t.Fatalf("notice %+v", e)
	}
}
