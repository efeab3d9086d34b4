package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"statusdash/app/monitor/probe"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// checkForm is a valid form for an http check of ecs in eu-de.
func (site *manageSite) checkForm(target string) url.Values {
	return url.Values{
		"component_id": site.ids("ecs/eu-de"), "kind": {"http"}, "target": {target}, "interval_seconds": {"30"},
		"locations": {"fra, ams"}, "quorum": {"2"},
		"settings": {`{"method": "HEAD", "headers": {"Authorization": "Bearer secret-value"}, "expected_status": ["200-204"]}`},
	}
}

func (site *manageSite) checks() []store.Check {
	site.t.Helper()
	checks, err := site.store.Checks(context.Background(), 0)
	if err != nil {
		site.t.Fatalf("checks: %v", err)
	}
	return checks
}

// createdCheckID reads the check id from a 303 to /manage/checks/<id>.
func createdCheckID(t *testing.T, a answer) uint {
	t.Helper()
	if a.status != http.StatusSeeOther || !strings.HasPrefix(a.location, "/manage/checks/") {
		t.Fatalf("answer = %d to %q, want 303 to /manage/checks/<id>; errors: %s", a.status, a.location, errorText(a.body))
	}
	id, err := parseUint(strings.TrimPrefix(a.location, "/manage/checks/"))
	if err != nil {
		t.Fatalf("location %q: %v", a.location, err)
	}
	return id
}

// An admin creates, edits and deletes a check; every write leaves an audit
// row; the list and the check's page show it with its last results. On
// SQLite and PostgreSQL.
func TestManageChecksAdminFlow(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) { checksAdminFlow(t, startManageSite(t)) })
	t.Run("postgres", func(t *testing.T) { checksAdminFlow(t, startManageSiteOn(t, storetest.OpenPostgres(t))) })
}

func checksAdminFlow(t *testing.T, site *manageSite) {
	admin := site.signedIn(adaAdmin)
	if a := admin.get("/manage"); !strings.Contains(a.body, `href="/manage/checks"`) {
		t.Errorf("the dashboard does not link to the checks")
	}
	if a := admin.get("/manage/checks"); a.status != http.StatusOK || !strings.Contains(a.body, "No checks yet") {
		t.Fatalf("empty list = %d, want 200 saying there are none", a.status)
	}
	if a := admin.get("/manage/checks/new"); a.status != http.StatusOK || !strings.Contains(a.body, `name="settings"`) {
		t.Fatalf("GET new = %d, want the form", a.status)
	}
	audit := site.auditCount()
	id := createdCheckID(t, admin.post("/manage/checks", site.checkForm("https://ecs.example.org/health")))
	check, err := site.store.Check(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	want := probe.Definition{Kind: probe.KindHTTP, Target: "https://ecs.example.org/health", Interval: 30 * time.Second,
		Locations: []string{"fra", "ams"}, Quorum: 2, HTTP: probe.HTTPSettings{Method: "HEAD",
			Headers: map[string]string{"Authorization": "Bearer secret-value"}, ExpectedStatus: probe.StatusRanges{{Low: 200, High: 204}}}}
	if check.ComponentID != site.components["ecs/eu-de"] || !definitionsEqual(check.Definition, want) {
		t.Errorf("created %+v, want %+v on ecs/eu-de", check.Definition, want)
	}
	if site.auditCount() != audit+1 {
		t.Errorf("create wrote %d audit rows, want 1", site.auditCount()-audit)
	}

	started := time.Now().UTC().Truncate(time.Second)
	if err := site.store.AddCheckResults(context.Background(), []store.CheckResult{
		{CheckID: id, Location: "fra", StartedAt: started.Add(-time.Minute), Outcome: probe.OutcomeUp, Latency: 12 * time.Millisecond},
		{CheckID: id, Location: "fra", StartedAt: started, Outcome: probe.OutcomeDown, Reason: "status 503, want 200-204"},
		{CheckID: id, Location: "ams", StartedAt: started, Outcome: probe.OutcomeUp, Latency: 4200 * time.Microsecond},
	}); err != nil {
		t.Fatal(err)
	}
	list := admin.get("/manage/checks")
	for _, text := range []string{"Elastic Cloud Server", "https://ecs.example.org/health", "30 s", "status 503, want 200-204", "4.2 ms", `/manage/checks/` + itoa(id) + `/pause`} {
		if !strings.Contains(list.body, text) {
			t.Errorf("the list lacks %q", text)
		}
	}
	if strings.Count(list.body, `class="outcome outcome--`) != 2 {
		t.Errorf("the list shows %d last results, want one per location (2)", strings.Count(list.body, `class="outcome outcome--`))
	}
	show := admin.get("/manage/checks/" + itoa(id))
	if show.status != http.StatusOK || !strings.Contains(show.body, "Recent failures") || !strings.Contains(show.body, "status 503, want 200-204") {
		t.Errorf("check page = %d, want its failures", show.status)
	}
	if strings.Contains(show.body, "secret-value") || !strings.Contains(show.body, "Authorization") {
		t.Errorf("the check page shows a header value, or not its name")
	}

	edit := admin.get("/manage/checks/" + itoa(id) + "/edit")
	if edit.status != http.StatusOK || !strings.Contains(edit.body, "secret-value") {
		t.Errorf("edit form = %d, want the settings with their values for the admin", edit.status)
	}
	form := site.checkForm("https://ecs.example.org/ready")
	form.Set("component_id", site.ids("obs/eu-nl")[0])
	form.Set("interval_seconds", "120")
	form.Set("settings", `{"body_contains": "ok"}`)
	form.Set("locations", "")
	form.Set("quorum", "")
	if a := admin.post("/manage/checks/"+itoa(id)+"/edit", form); createdCheckID(t, a) != id {
		t.Fatalf("edit answered %q", a.location)
	}
	check, err = site.store.Check(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	want = probe.Definition{Kind: probe.KindHTTP, Target: "https://ecs.example.org/ready", Interval: 2 * time.Minute,
		HTTP: probe.HTTPSettings{BodyContains: "ok"}}
	if check.ComponentID != site.components["obs/eu-nl"] || !definitionsEqual(check.Definition, want) {
		t.Errorf("edited to %+v on %d, want %+v on obs/eu-nl", check.Definition, check.ComponentID, want)
	}

	if a := admin.post("/manage/checks/"+itoa(id)+"/delete", nil); a.status != http.StatusSeeOther || a.location != "/manage/checks" {
		t.Fatalf("delete = %d to %q, want 303 to the list", a.status, a.location)
	}
	if len(site.checks()) != 0 {
		t.Errorf("the check is still there")
	}
	if a := admin.get("/manage/checks/" + itoa(id)); a.status != http.StatusNotFound {
		t.Errorf("deleted check's page = %d, want 404", a.status)
	}
	if site.auditCount() != audit+3 {
		t.Errorf("create, edit and delete wrote %d audit rows, want 3", site.auditCount()-audit)
	}
}

// A heartbeat made on the form shows its token once, on the answer.
func TestManageChecksHeartbeatToken(t *testing.T) {
	t.Parallel()
	site := startManageSite(t)
	admin := site.signedIn(adaAdmin)
	a := admin.post("/manage/checks", url.Values{"component_id": site.ids("evs/eu-de"), "kind": {"heartbeat"}, "interval_seconds": {"3600"}})
	if a.status != http.StatusCreated || !strings.Contains(a.body, "/api/v3/heartbeats/") || a.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("heartbeat create = %d (%s), want 201 with the token, not stored", a.status, errorText(a.body))
	}
	checks := site.checks()
	if len(checks) != 1 {
		t.Fatalf("got %d checks, want 1", len(checks))
	}
	if again := admin.get("/manage/checks/" + itoa(checks[0].ID)); strings.Contains(again.body, "/api/v3/heartbeats/") {
		t.Errorf("the token is shown again")
	}
}

// Operators see checks and pause and resume them, but may not create,
// edit or delete one (403, nothing written).
func TestManageChecksOperator(t *testing.T) {
	t.Parallel()
	site := startManageSite(t)
	admin := site.signedIn(adaAdmin)
	id := createdCheckID(t, admin.post("/manage/checks", site.checkForm("https://ecs.example.org/health")))
	op := site.signedIn(olgaOperator)
	list := op.get("/manage/checks")
	if list.status != http.StatusOK || strings.Contains(list.body, `href="/manage/checks/new"`) {
		t.Errorf("operator list = %d, want 200 without the create link", list.status)
	}
	if a := op.post("/manage/checks/"+itoa(id)+"/pause", url.Values{"next": {"/manage/checks"}}); a.status != http.StatusSeeOther || a.location != "/manage/checks" {
		t.Fatalf("pause = %d to %q, want 303 back to the list", a.status, a.location)
	}
	if !site.checks()[0].Paused {
		t.Errorf("the check is not paused")
	}
	if a := op.post("/manage/checks/"+itoa(id)+"/resume", nil); a.status != http.StatusSeeOther || a.location != "/manage/checks/"+itoa(id) {
		t.Fatalf("resume = %d to %q, want 303 to the check", a.status, a.location)
	}
	if site.checks()[0].Paused {
		t.Errorf("the check is still paused")
	}
	audit := site.auditCount()
	refused := []struct {
		method, path string
		form         url.Values
	}{
		{http.MethodGet, "/manage/checks/new", nil},
		{http.MethodPost, "/manage/checks", site.checkForm("https://other.example.org/")},
		{http.MethodGet, "/manage/checks/" + itoa(id) + "/edit", nil},
		{http.MethodPost, "/manage/checks/" + itoa(id) + "/edit", site.checkForm("https://other.example.org/")},
		{http.MethodPost, "/manage/checks/" + itoa(id) + "/delete", url.Values{}},
	}
	for _, r := range refused {
		var a answer
		if r.method == http.MethodGet {
			a = op.get(r.path)
		} else {
			a = op.post(r.path, r.form)
		}
		if a.status != http.StatusForbidden {
			t.Errorf("operator %s %s = %d, want 403", r.method, r.path, a.status)
		}
	}
	if site.auditCount() != audit || len(site.checks()) != 1 || site.checks()[0].Definition.Target != "https://ecs.example.org/health" {
		t.Errorf("a refused request wrote")
	}
}

// Bad input shows the form again with 422 naming the field, and writes nothing.
func TestManageChecksBadInput(t *testing.T) {
	t.Parallel()
	site := startManageSite(t)
	admin := site.signedIn(adaAdmin)
	id := createdCheckID(t, admin.post("/manage/checks", site.checkForm("https://ecs.example.org/health")))
	tests := []struct {
		name  string
		set   map[string]string
		field string
		want  string
	}{
		{"unknown kind", map[string]string{"kind": "smtp"}, "kind", "must be one of"},
		{"bad URL", map[string]string{"target": "https://exa mple.org/"}, "target", "not a URL"},
		{"scheme", map[string]string{"target": "ftp://example.org/"}, "target", `scheme "ftp" is not allowed`},
		{"interval", map[string]string{"interval_seconds": "5"}, "interval_seconds", "at least 10"},
		{"interval not a number", map[string]string{"interval_seconds": "often"}, "interval_seconds", "must be a number"},
		{"regexp", map[string]string{"settings": `{"body_regexp": "("}`}, "settings", "body_regexp: "},
		{"quorum", map[string]string{"quorum": "3"}, "quorum", "at most the number of locations"},
		{"settings not JSON", map[string]string{"settings": "method: HEAD"}, "settings", "one JSON object"},
		{"setting with its own field", map[string]string{"settings": `{"target": "x"}`}, "settings", "has its own field"},
		{"no component", map[string]string{"component_id": ""}, "component_id", "choose a component"},
		{"unknown component", map[string]string{"component_id": "999"}, "component_id", "does not exist"},
	}
	for _, tt := range tests {
		for _, path := range []string{"/manage/checks", "/manage/checks/" + itoa(id) + "/edit"} {
			if tt.field == "kind" && path != "/manage/checks" {
				continue // the kind is not posted when editing
			}
			t.Run(tt.name+" "+path, func(t *testing.T) {
				audit := site.auditCount()
				form := site.checkForm("https://ecs.example.org/other")
				for field, value := range tt.set {
					form.Set(field, value)
				}
				a := admin.post(path, form)
				if a.status != http.StatusUnprocessableEntity {
					t.Fatalf("status %d (%s), want 422", a.status, errorText(a.body))
				}
				marked := regexp.MustCompile(`id="` + tt.field + `"[^>]*aria-invalid="true"`)
				if !marked.MatchString(a.body) || !strings.Contains(errorText(a.body), tt.want) {
					t.Errorf("errors %q, want %q on field %s", errorText(a.body), tt.want, tt.field)
				}
				if !strings.Contains(a.body, `value="`+form.Get("target")+`"`) {
					t.Errorf("the form lost the submitted target")
				}
				if site.auditCount() != audit {
					t.Errorf("a rejected form wrote")
				}
				checks := site.checks()
				if len(checks) != 1 || checks[0].Definition.Target != "https://ecs.example.org/health" {
					t.Errorf("a rejected form changed the checks: %+v", checks)
				}
			})
		}
	}
}

func definitionsEqual(a, b probe.Definition) bool {
	x, _ := a.MarshalJSON()
	y, _ := b.MarshalJSON()
	return string(x) == string(y)
}
