package web

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/store/storetest"
)

// TestManageFormsOnPostgres runs the forms' main paths on PostgreSQL:
// takeover, update, impact, resolve, reopen, extract, a window moved by the
// job, and a refusal that writes nothing.
func TestManageFormsOnPostgres(t *testing.T) {
	t.Parallel()
	site := startManageSiteOn(t, storetest.OpenPostgres(t))
	op := site.signedIn(olgaOperator)
	first := createdID(t, op.post("/manage/incidents", url.Values{"title": {"ECS down"}, "impact": {"3"},
		"components": site.ids("ecs/eu-de")}))
	second := createdID(t, op.post("/manage/incidents", url.Values{"title": {"Compute trouble"}, "impact": {"1"},
		"components": site.ids("ecs/eu-de", "evs/eu-de", "evs/eu-nl")}))
	if e := site.event(first); e.EndAt == nil || !hasUpdateContaining(e, model.StatusSystem, "moved to") {
		t.Fatalf("emptied incident %+v, want closed with a moved-to update", e)
	}
	steps := []struct {
		form url.Values
		want func(e *model.Event) bool
	}{
		{url.Values{"form": {"update"}, "status": {"fixing"}, "message": {"Fixing."}}, func(e *model.Event) bool { return e.Status == "fixing" }},
		{url.Values{"form": {"impact"}, "status": {"impact changed"}, "impact": {"2"}, "message": {"Worse."}}, func(e *model.Event) bool { return e.Impact == model.ImpactMajor }},
		{url.Values{"form": {"resolve"}, "status": {"resolved"}, "message": {"Fixed."}}, func(e *model.Event) bool { return e.EndAt != nil }},
		{url.Values{"form": {"closed"}, "status": {"reopened"}, "message": {"Again."}}, func(e *model.Event) bool { return e.EndAt == nil }},
	}
	for _, step := range steps {
		if a := op.post("/manage/events/"+itoa(second)+"/updates", step.form); a.status != http.StatusSeeOther {
			t.Fatalf("%s: %d (%s)", step.form.Get("status"), a.status, errorText(a.body))
		}
		if e := site.event(second); !step.want(e) {
			t.Fatalf("%s: event %+v", step.form.Get("status"), e)
		}
	}
	extracted := createdID(t, op.post("/manage/events/"+itoa(second)+"/extract", url.Values{"components": site.ids("evs/eu-nl")}))
	if e := site.event(extracted); e.Impact != model.ImpactMajor || len(e.Components) != 1 {
		t.Fatalf("extracted %+v", e)
	}
	before := site.auditCount()
	if a := op.post("/manage/events/"+itoa(second)+"/updates", url.Values{"form": {"update"}, "status": {"fixing"}, "message": {"x"},
		"update_date": {"2000-01-01T00:00"}}); a.status != http.StatusUnprocessableEntity {
		t.Errorf("update before the start = %d, want 422", a.status)
	}
	if site.auditCount() != before {
		t.Errorf("refused update wrote")
	}
	now := time.Now().UTC()
	window := createdID(t, op.post("/manage/maintenance", url.Values{"title": {"Now"}, "components": site.ids("obs/eu-de"),
		"start_date": {now.Add(-time.Hour).Format(localMinuteLayout)}, "end_date": {now.Add(time.Hour).Format(localMinuteLayout)}}))
	site.server.advanceMaintenance(context.Background())
	site.server.advanceMaintenance(context.Background())
	if e := site.event(window); e.Status != model.StatusInProgress || len(e.Updates) != 2 {
		t.Errorf("window after two job passes: %q with %d updates, want in progress with 2", e.Status, len(e.Updates))
	}
}
