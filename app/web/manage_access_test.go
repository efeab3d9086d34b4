package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"statusdash/app/auth"
)

func TestManageRoleRefusal(t *testing.T) {
	t.Parallel()
	site := startManageSite(t)
	anonymous := site.visitor()
	if a := anonymous.get("/manage/incidents/new"); a.status != http.StatusSeeOther || a.location != "/login?next=%2Fmanage%2Fincidents%2Fnew" {
		t.Errorf("anonymous GET = %d to %q, want 303 to /login?next=...", a.status, a.location)
	}
	if a := anonymous.get("/admin/audit"); a.status != http.StatusSeeOther || !strings.HasPrefix(a.location, "/login") {
		t.Errorf("anonymous GET /admin/audit = %d to %q, want 303 to /login", a.status, a.location)
	}

	outsider := site.signedIn(markOutsider)
	for _, path := range []string{"/manage", "/manage/incidents/new", "/admin/audit"} {
		a := outsider.get(path)
		if a.status != http.StatusForbidden || !strings.Contains(a.body, "no operator or admin group") {
			t.Errorf("outsider GET %s = %d (%s), want 403 saying why", path, a.status, errorText(a.body))
		}
	}
	before := site.auditCount()
	if a := outsider.post("/manage/incidents", url.Values{"title": {"x"}, "impact": {"1"}, "components": site.ids("ecs/eu-de")}); a.status != http.StatusForbidden {
		t.Errorf("outsider POST = %d, want 403", a.status)
	}

	op := site.signedIn(olgaOperator)
	if a := op.get("/admin/audit"); a.status != http.StatusForbidden {
		t.Errorf("operator GET /admin/audit = %d, want 403", a.status)
	}
	if site.auditCount() != before {
		t.Errorf("a refused request wrote")
	}
}

func TestManageCSRFRefusal(t *testing.T) {
	t.Parallel()
	site := startManageSite(t)
	op := site.signedIn(olgaOperator)
	id := createdID(t, op.post("/manage/incidents", url.Values{"title": {"Slow"}, "impact": {"1"}, "components": site.ids("ecs/eu-de")}))
	before := site.auditCount()
	other := site.signedIn(adaAdmin)
	other.get("/manage")
	tests := []struct {
		name  string
		token []string
	}{
		{"missing", nil},
		{"empty", []string{""}},
		{"forged", []string{"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}},
		{"another session's", []string{other.csrf}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := url.Values{"title": {"Evil"}, "impact": {"3"}, "components": site.ids("obs/eu-de")}
			if tt.token != nil {
				form[auth.CSRFFieldName] = tt.token
			}
			a := op.do(http.MethodPost, "/manage/incidents", form)
			if a.status != http.StatusForbidden || !strings.Contains(a.body, "security token") {
				t.Errorf("POST with %s token = %d (%s), want 403 explaining", tt.name, a.status, errorText(a.body))
			}
			if a := op.do(http.MethodPost, "/manage/events/"+itoa(id)+"/updates", url.Values{"status": {"fixing"}, "message": {"x"}}); a.status != http.StatusForbidden {
				t.Errorf("update POST without token = %d, want 403", a.status)
			}
		})
	}
	if site.auditCount() != before {
		t.Errorf("refused posts wrote %d audit rows", site.auditCount()-before)
	}
}

func TestManageForgedSessionCookie(t *testing.T) {
	t.Parallel()
	site := startManageSite(t)
	before := site.auditCount()
	for _, value := range []string{"forged", strings.Repeat("A", 43), "%%%", strings.Repeat("x", 4000)} {
		v := site.visitor()
		v.setCookie(&http.Cookie{Name: auth.SessionCookie, Value: value})
		if a := v.get("/manage"); a.status != http.StatusSeeOther || !strings.HasPrefix(a.location, "/login") {
			t.Errorf("GET /manage with cookie %.10q = %d to %q, want 303 to /login", value, a.status, a.location)
		}
		v.setCookie(&http.Cookie{Name: auth.SessionCookie, Value: value})
		a := v.do(http.MethodPost, "/manage/incidents", url.Values{"title": {"x"}, "impact": {"1"},
			"components": site.ids("ecs/eu-de"), auth.CSRFFieldName: {"whatever"}})
		if a.status != http.StatusForbidden || !strings.Contains(a.body, "security token") {
			t.Errorf("POST with cookie %.10q = %d (%s), want a 403 page", value, a.status, errorText(a.body))
		}
	}
	if site.auditCount() != before {
		t.Errorf("forged sessions wrote")
	}
}

func TestManageSignOut(t *testing.T) {
	t.Parallel()
	site := startManageSite(t)
	op := site.signedIn(olgaOperator)
	op.get("/manage")
	if a := op.post("/logout", url.Values{}); a.status != http.StatusSeeOther || a.location != "/" {
		t.Fatalf("POST /logout = %d to %q, want 303 to /", a.status, a.location)
	}
	if a := op.get("/manage"); a.status != http.StatusSeeOther {
		t.Errorf("GET /manage after sign-out = %d, want 303 to /login", a.status)
	}
}

func TestManageAuditLog(t *testing.T) {
	t.Parallel()
	site := startManageSite(t)
	op := site.signedIn(olgaOperator)
	for i, component := range []string{"obs/eu-nl", "obs/eu-de", "ecs/eu-de"} {
		createdID(t, op.post("/manage/incidents", url.Values{"title": {"Incident " + itoa(uint(i))}, "impact": {"1"},
			"components": site.ids(component)}))
	}
	admin := site.signedIn(adaAdmin)
	a := admin.get("/admin/audit")
	if a.status != http.StatusOK || a.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("GET /admin/audit = %d (Cache-Control %q), want 200 no-store", a.status, a.header.Get("Cache-Control"))
	}
	for _, want := range []string{"Olga Operator", "olga@example.org", "event.create", "Incident 2", "<details><summary>Before</summary>"} {
		if !strings.Contains(a.body, want) {
			t.Errorf("audit page lacks %q", want)
		}
	}
	if newest, oldest := strings.Index(a.body, "Incident 2"), strings.Index(a.body, "Incident 0"); newest > oldest {
		t.Errorf("audit log not newest first")
	}
	for _, bad := range []string{"0", "-1", "x", "99999999999"} {
		if a := admin.get("/admin/audit?page=" + bad); a.status != http.StatusBadRequest {
			t.Errorf("page=%s: %d, want 400", bad, a.status)
		}
	}
	if a := admin.get("/admin/audit?page=7"); a.status != http.StatusOK {
		t.Errorf("page past the end: %d, want 200", a.status)
	}
}

func TestManagePublicPagesShowChangesAtOnce(t *testing.T) {
	t.Parallel()
	site := startManageSite(t)
	reader := site.visitor()
	if a := reader.get("/"); a.status != http.StatusOK || strings.Contains(a.body, "Disks on fire") {
		t.Fatalf("GET / before = %d", a.status)
	}
	version, err := site.store.DataVersion(context.Background())
	if err != nil {
		t.Fatalf("data version: %v", err)
	}
	op := site.signedIn(olgaOperator)
	id := createdID(t, op.post("/manage/incidents", url.Values{"title": {"Disks on fire"}, "impact": {"3"}, "components": site.ids("evs/eu-de")}))
	if after, _ := site.store.DataVersion(context.Background()); after <= version {
		t.Errorf("data version %d after a write, want above %d", after, version)
	}
	if a := reader.get("/"); !strings.Contains(a.body, "Disks on fire") {
		t.Errorf("GET / right after opening lacks the incident")
	}
	op.post("/manage/events/"+itoa(id)+"/updates", url.Values{"form": {"update"}, "status": {"observing"}, "message": {"Watching closely."}})
	if a := reader.get("/incidents/" + itoa(id)); !strings.Contains(a.body, "Watching closely.") {
		t.Errorf("incident page right after the update lacks it")
	}
	op.post("/manage/events/"+itoa(id)+"/updates", url.Values{"form": {"resolve"}, "status": {"resolved"}, "message": {"Extinguished."}})
	if a := reader.get("/"); strings.Contains(a.body, "Disks on fire") {
		t.Errorf("GET / right after resolving still lists the incident")
	}
}

func TestManageWithoutSignIn(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	for _, path := range []string{"/login", "/manage", "/manage/incidents/new", "/admin/audit"} {
		response := site.get(t, path)
		page := body(t, response)
		if response.StatusCode != http.StatusNotFound || !strings.Contains(page, auth.NotEnabledMessage) || strings.Contains(page, "SDB_") {
			t.Errorf("GET %s without OIDC = %d, want 404 saying sign-in is not enabled, naming no configuration variable", path, response.StatusCode)
		}
	}
}
