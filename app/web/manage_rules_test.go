package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"statusdash/app/auth"
	"statusdash/app/incident"
	"statusdash/app/model"
	"statusdash/app/store"
)

// hasUpdateContaining reports whether e has an update of the status whose
// text contains every part.
func hasUpdateContaining(e *model.Event, status string, parts ...string) bool {
	for _, update := range e.Updates {
		if update.Status != status {
			continue
		}
		all := true
		for _, part := range parts {
			all = all && strings.Contains(update.Text, part)
		}
		if all {
			return true
		}
	}
	return false
}

// TestManageTakeoverWritesUpdatesOnBoth: a component taken from another open
// incident leaves an update on both; the incident it emptied is closed
// saying so, one that keeps components stays open.
func TestManageTakeoverWritesUpdatesOnBoth(t *testing.T) {
	t.Parallel()
	site := startManageSite(t)
	op := site.signedIn(olgaOperator)
	emptied := createdID(t, op.post("/manage/incidents", url.Values{"title": {"ECS down"}, "impact": {"3"},
		"components": site.ids("ecs/eu-de")}))
	kept := createdID(t, op.post("/manage/incidents", url.Values{"title": {"Storage slow"}, "impact": {"1"},
		"components": site.ids("obs/eu-de", "obs/eu-nl")}))
	taker := createdID(t, op.post("/manage/incidents", url.Values{"title": {"Frankfurt trouble"}, "impact": {"2"},
		"components": site.ids("ecs/eu-de", "obs/eu-de")}))
	link := func(id uint) string { return "/incidents/" + itoa(id) }

	e := site.event(emptied)
	if e.EndAt == nil || len(e.Components) != 0 || e.Status != model.StatusResolved {
		t.Errorf("emptied incident: end %v, %d components, status %q; want closed and empty", e.EndAt, len(e.Components), e.Status)
	}
	if !hasUpdateContaining(e, model.StatusSystem, "moved to", link(taker)) {
		t.Errorf("emptied incident lacks the moved-to update: %+v", e.Updates)
	}
	if !hasUpdateContaining(e, model.StatusResolved, "closed", link(taker)) {
		t.Errorf("emptied incident lacks the closing update: %+v", e.Updates)
	}
	e = site.event(kept)
	if e.EndAt != nil || len(e.Components) != 1 || e.Components[0].ID != site.components["obs/eu-nl"] {
		t.Errorf("partly taken incident: end %v, components %+v; want open with obs/eu-nl", e.EndAt, e.Components)
	}
	if !hasUpdateContaining(e, model.StatusSystem, "moved to", link(taker)) {
		t.Errorf("partly taken incident lacks the moved-to update: %+v", e.Updates)
	}
	e = site.event(taker)
	if len(e.Components) != 2 {
		t.Errorf("taking incident has %d components, want 2", len(e.Components))
	}
	for _, from := range []uint{emptied, kept} {
		if !hasUpdateContaining(e, model.StatusSystem, "moved from", link(from)) {
			t.Errorf("taking incident lacks the moved-from update for %d: %+v", from, e.Updates)
		}
	}
	// The public page of the emptied incident shows why it closed.
	if a := site.visitor().get(link(emptied)); !strings.Contains(a.body, "Frankfurt trouble") {
		t.Errorf("public page of the emptied incident does not name the incident that took its component")
	}
}

// TestManagePersonClearsSystemFlag: any change by a person to an incident
// opened by automation stops automation managing it.
func TestManagePersonClearsSystemFlag(t *testing.T) {
	t.Parallel()
	site := startManageSite(t)
	op := site.signedIn(olgaOperator)
	monitor := store.Actor{Subject: "monitor", Name: "monitor"}
	tests := []struct {
		name string
		path string // %d is the event id
		form url.Values
	}{
		{"update", "/manage/events/%d/updates", url.Values{"form": {"update"}, "status": {"fixing"}, "message": {"On it."}}},
		{"impact", "/manage/events/%d/updates", url.Values{"form": {"impact"}, "status": {"impact changed"}, "impact": {"3"}, "message": {"Worse."}}},
		{"edit", "/manage/events/%d/edit", url.Values{"title": {"Renamed by a person"}}},
		{"update text", "/manage/events/%d/updates/0/edit", url.Values{"text": {"Reworded."}}},
		{"extract", "/manage/events/%d/extract", url.Values{"components": site.ids("evs/eu-nl")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			results, err := site.store.CreateSystemEvent(context.Background(), monitor, incident.NewEvent{
				Type: model.TypeIncident, Title: "Alert: " + tt.name, Impact: model.ImpactMinor,
				ComponentIDs: []uint{site.components["evs/eu-de"], site.components["evs/eu-nl"]},
				StartAt:      time.Now().UTC().Add(-time.Minute),
			}, time.Now())
			if err != nil || len(results) == 0 || results[0].IncidentID == 0 {
				t.Fatalf("system event: %v %+v", err, results)
			}
			id := results[0].IncidentID
			if e := site.event(id); !e.System {
				t.Fatalf("incident %d opened by automation has System false", id)
			}
			a := op.post(strings.Replace(tt.path, "%d", itoa(id), 1), tt.form)
			if a.status != http.StatusSeeOther {
				t.Fatalf("POST = %d (%s), want 303", a.status, errorText(a.body))
			}
			if e := site.event(id); e.System {
				t.Errorf("after a person's %s System is still true", tt.name)
			}
			// Resolve what the case left open, so the next case starts afresh.
			op.post("/manage/events/"+itoa(id)+"/updates", url.Values{"form": {"resolve"}, "status": {"resolved"}, "message": {"Done."}})
			if a.location != "/manage/events/"+itoa(id) {
				op.post(a.location+"/updates", url.Values{"form": {"resolve"}, "status": {"resolved"}, "message": {"Done."}})
			}
		})
	}
}

// TestManageStaleCSRFToken: the token of a session that ended is refused
// after signing in again, and nothing is written.
func TestManageStaleCSRFToken(t *testing.T) {
	t.Parallel()
	site := startManageSite(t)
	op := site.signedIn(olgaOperator)
	op.get("/manage")
	stale := op.csrf
	if a := op.post("/logout", url.Values{}); a.status != http.StatusSeeOther {
		t.Fatalf("POST /logout = %d, want 303", a.status)
	}
	site.idp.QueueUser(olgaOperator)
	login := op.get("/login?next=/manage")
	done := op.get(op.get(login.location).location)
	if done.status != http.StatusSeeOther {
		t.Fatalf("signing in again = %d (%s)", done.status, done.body)
	}
	before := site.auditCount()
	a := op.do(http.MethodPost, "/manage/incidents", url.Values{"title": {"Stale"}, "impact": {"1"},
		"components": site.ids("ecs/eu-de"), auth.CSRFFieldName: {stale}})
	if a.status != http.StatusForbidden || !strings.Contains(a.body, "security token") {
		t.Errorf("POST with the previous session's token = %d (%s), want 403 explaining", a.status, errorText(a.body))
	}
	if site.auditCount() != before {
		t.Errorf("stale token wrote")
	}
}

// TestManageAuditRecordsWhoAndChange: an update's audit row names the
// person (subject, name, email) and holds the event before and after.
func TestManageAuditRecordsWhoAndChange(t *testing.T) {
	t.Parallel()
	site := startManageSite(t)
	op := site.signedIn(olgaOperator)
	id := createdID(t, op.post("/manage/incidents", url.Values{"title": {"Queue backlog"}, "impact": {"1"},
		"components": site.ids("obs/eu-de")}))
	if a := op.post("/manage/events/"+itoa(id)+"/updates", url.Values{"form": {"impact"}, "status": {"impact changed"},
		"impact": {"3"}, "message": {"Now down."}}); a.status != http.StatusSeeOther {
		t.Fatalf("impact: %d (%s)", a.status, errorText(a.body))
	}
	entries, _, err := site.store.AuditEntries(context.Background(), 1, 10)
	if err != nil || len(entries) == 0 {
		t.Fatalf("audit entries: %v (%d)", err, len(entries))
	}
	newest := entries[0]
	if newest.Action != store.ActionEventUpdate || newest.Actor != "op-1" || newest.ActorName != "Olga Operator" || newest.ActorEmail != "olga@example.org" {
		t.Fatalf("newest audit row %+v, want event.update by op-1, Olga Operator, olga@example.org", newest)
	}
	if !strings.Contains(newest.Before, `"detected"`) || !strings.Contains(newest.After, `"impact changed"`) {
		t.Errorf("before %s / after %s, want the status before and after", newest.Before, newest.After)
	}
	if time.Since(newest.At) > time.Hour || newest.At.Location() != time.UTC {
		t.Errorf("audit time %v, want now in UTC", newest.At)
	}
	admin := site.signedIn(adaAdmin)
	if a := admin.get("/admin/audit"); !strings.Contains(a.body, "op-1") || !strings.Contains(a.body, "impact changed") {
		t.Errorf("audit page lacks the subject or the after values")
	}
}

// TestManageAuditPagination: more entries than a page hold spread over
// pages, newest first, with links between them.
func TestManageAuditPagination(t *testing.T) {
	t.Parallel()
	site := startManageSite(t)
	op := site.signedIn(olgaOperator)
	id := createdID(t, op.post("/manage/incidents", url.Values{"title": {"Busy"}, "impact": {"1"},
		"components": site.ids("obs/eu-de")}))
	for i := range auditPerPage + 5 {
		if a := op.post("/manage/events/"+itoa(id)+"/updates/0/edit", url.Values{"text": {"Text number " + itoa(uint(i)) + "."}}); a.status != http.StatusSeeOther {
			t.Fatalf("edit %d: %d", i, a.status)
		}
	}
	admin := site.signedIn(adaAdmin)
	first := admin.get("/admin/audit")
	second := admin.get("/admin/audit?page=2")
	last := "Text number " + itoa(uint(auditPerPage+4)) + "."
	if !strings.Contains(first.body, last) || strings.Contains(second.body, last) {
		t.Errorf("newest edit %q not on page 1 only", last)
	}
	if !strings.Contains(second.body, "event.create") || strings.Contains(first.body, "event.create") {
		t.Errorf("oldest entry (event.create) not on page 2 only")
	}
	if !strings.Contains(first.body, `href="/admin/audit?page=2"`) || !strings.Contains(second.body, `href="/admin/audit?page=1"`) {
		t.Errorf("pages do not link to each other")
	}
}

// TestManageFinishedWindowTakesNoUpdates: a completed or cancelled window
// keeps its end and is not planned again (the job would run it twice); a
// maintenance in progress is not planned again.
func TestManageFinishedWindowTakesNoUpdates(t *testing.T) {
	t.Parallel()
	site := startManageSite(t)
	op := site.signedIn(olgaOperator)
	now := time.Now().UTC()
	schedule := func(title string, start, end time.Time) uint {
		return createdID(t, op.post("/manage/maintenance", url.Values{"title": {title}, "components": site.ids("obs/eu-de"),
			"start_date": {start.Format(localMinuteLayout)}, "end_date": {end.Format(localMinuteLayout)}}))
	}
	completed := schedule("Done yesterday", now.Add(-26*time.Hour), now.Add(-25*time.Hour))
	running := schedule("Running now", now.Add(-time.Hour), now.Add(time.Hour))
	cancelled := schedule("Called off", now.Add(48*time.Hour), now.Add(49*time.Hour))
	if a := op.post("/manage/events/"+itoa(cancelled)+"/updates", url.Values{"form": {"cancel"}, "status": {"cancelled"}, "message": {"Off."}}); a.status != http.StatusSeeOther {
		t.Fatalf("cancel: %d (%s)", a.status, errorText(a.body))
	}
	site.server.advanceMaintenance(context.Background())
	if e := site.event(completed); e.Status != model.StatusCompleted {
		t.Fatalf("past window status %q, want completed", e.Status)
	}
	if e := site.event(running); e.Status != model.StatusInProgress {
		t.Fatalf("running window status %q, want in progress", e.Status)
	}
	// Called off before it began, it ends (and starts) when it was called
	// off, and the job leaves it so.
	if e := site.event(cancelled); e.Status != model.StatusCancelled || e.EndAt == nil || e.EndAt.After(time.Now().Add(time.Minute)) || !e.StartAt.Equal(*e.EndAt) {
		t.Errorf("cancelled window: status %q, start %v, end %v; want both at its cancellation", e.Status, e.StartAt, e.EndAt)
	}
	if page := op.get("/manage/events/" + itoa(completed)); !strings.Contains(page.body, "takes no more updates") || strings.Contains(page.body, "Post the update") {
		t.Errorf("completed window's page still offers an update form")
	}
	tests := []struct {
		name   string
		id     uint
		status string
		want   string
	}{
		{"cancel a completed window", completed, model.StatusCancelled, "takes no more updates"},
		{"plan a completed window again", completed, model.StatusPlanned, "takes no more updates"},
		{"plan a cancelled window again", cancelled, model.StatusPlanned, "takes no more updates"},
		{"plan a running window again", running, model.StatusPlanned, "in progress"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := site.event(tt.id)
			audit := site.auditCount()
			a := op.post("/manage/events/"+itoa(tt.id)+"/updates", url.Values{"form": {"update"}, "status": {tt.status}, "message": {"x"}})
			if a.status != http.StatusUnprocessableEntity || !strings.Contains(errorText(a.body), tt.want) {
				t.Fatalf("POST %s = %d (%s), want 422 saying %q", tt.status, a.status, errorText(a.body), tt.want)
			}
			after := site.event(tt.id)
			if after.Status != before.Status || len(after.Updates) != len(before.Updates) || !after.EndAt.Equal(*before.EndAt) || site.auditCount() != audit {
				t.Errorf("refused update changed the window: %q %v -> %q %v", before.Status, before.EndAt, after.Status, after.EndAt)
			}
		})
	}
	// Still allowed: finishing the running window early, a note while planned.
	if a := op.post("/manage/events/"+itoa(running)+"/updates", url.Values{"form": {"update"}, "status": {"completed"}, "message": {"Done early."}}); a.status != http.StatusSeeOther {
		t.Errorf("completing a running window: %d (%s)", a.status, errorText(a.body))
	}
}

// TestManageOversizedForm: a form body far over any valid one gets 413 and
// writes nothing; the largest valid form still goes through.
func TestManageOversizedForm(t *testing.T) {
	t.Parallel()
	site := startManageSite(t)
	op := site.signedIn(olgaOperator)
	before := site.auditCount()
	huge := op.post("/manage/incidents", url.Values{"title": {"Huge"}, "impact": {"1"}, "components": site.ids("ecs/eu-de"),
		"description": {strings.Repeat("x", maxFormBody)}})
	if huge.status != http.StatusRequestEntityTooLarge || !strings.Contains(huge.body, "too large") {
		t.Errorf("oversized form = %d (%s), want 413 saying why", huge.status, errorText(huge.body))
	}
	if site.auditCount() != before {
		t.Errorf("oversized form wrote")
	}
	wide := strings.Repeat("🔥", incident.MaxText) // 4 bytes each, 12 percent-encoded
	largest := op.post("/manage/incidents", url.Values{"title": {strings.Repeat("🔥", incident.MaxTitle)}, "impact": {"1"},
		"components":  site.ids("ecs/eu-de", "ecs/eu-nl", "evs/eu-de", "evs/eu-nl", "obs/eu-de", "obs/eu-nl"),
		"description": {wide}, "message": {wide}})
	createdID(t, largest)
}

// TestManageReopenConflict: reopening an incident whose component is in
// another open incident now, or that was left without components, shows
// the reopen form again with 422 and the reason next to the status, and
// writes nothing.
func TestManageReopenConflict(t *testing.T) {
	t.Parallel()
	site := startManageSite(t)
	op := site.signedIn(olgaOperator)
	create := func(title, component string) uint {
		return createdID(t, op.post("/manage/incidents", url.Values{"title": {title}, "impact": {"2"}, "components": site.ids(component)}))
	}
	resolved := create("Disk failure", "ecs/eu-de")
	if a := op.post("/manage/events/"+itoa(resolved)+"/updates", url.Values{"form": {"resolve"}, "status": {"resolved"}, "message": {"Fixed."}}); a.status != http.StatusSeeOther {
		t.Fatalf("resolve: %d (%s)", a.status, errorText(a.body))
	}
	holder := create("Network down", "ecs/eu-de")
	emptied := create("Storage slow", "obs/eu-de")
	create("Frankfurt trouble", "obs/eu-de") // takes the component: emptied is closed
	tests := []struct {
		name string
		id   uint
		want string
	}{
		{"component in another open incident", resolved, "is in open incident " + itoa(holder) + " (Network down) now"},
		{"no component left", emptied, "it holds no component any more"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := site.event(tt.id)
			audit := site.auditCount()
			a := op.post("/manage/events/"+itoa(tt.id)+"/updates", url.Values{"form": {"closed"}, "status": {"reopened"}, "message": {"Back again."}})
			if a.status != http.StatusUnprocessableEntity || !strings.Contains(errorText(a.body), tt.want) {
				t.Fatalf("reopen = %d (%s), want 422 saying %q", a.status, errorText(a.body), tt.want)
			}
			if !strings.Contains(a.body, `id="closed-status" name="status" aria-invalid="true"`) || !strings.Contains(a.body, "Back again.") {
				t.Errorf("the reopen form is not shown again with the error at its status and the message kept")
			}
			if after := site.event(tt.id); after.EndAt == nil || len(after.Updates) != len(before.Updates) || site.auditCount() != audit {
				t.Errorf("refused reopen changed the incident: end %v, %d updates (was %d)", after.EndAt, len(after.Updates), len(before.Updates))
			}
		})
	}
}
