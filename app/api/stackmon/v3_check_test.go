package stackmon_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"statusdash/app/apiauth"
	"statusdash/app/monitor/probe"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

const minimalCheck = `{"component_id":1,"kind":"http","target":"https://example.org/health","interval_seconds":30}`

// A check's life through the API: created, read, listed, patched, its
// results paged, deleted.
func TestV3CheckLife(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s, nil, nil)
		created := `{"id":1,"component_id":1,"paused":false,"created_at":"2026-05-20T12:00:00Z","updated_at":"2026-05-20T12:00:00Z",` +
			`"kind":"http","target":"https://example.org/health","interval_seconds":30}`
		h.do(http.MethodPost, "/api/v3/checks", h.admin, minimalCheck).expect(t, 201, created)
		h.do(http.MethodGet, "/api/v3/checks/1", h.operator, "").expect(t, 200, created)
		h.do(http.MethodGet, "/api/v3/checks/1", h.v2JWT, "").expect(t, 200, created)

		full := `{"component_id":3,"paused":true,"kind":"http","target":"https://vpc.example.org/","interval_seconds":60,"timeout_seconds":2.5,` +
			`"max_latency_ms":800,"locations":["fra","ams"],"quorum":2,"method":"POST","headers":{"Authorization":"Bearer x"},"body":"{}",` +
			`"expected_status":"200-204,301","body_contains":"ok","body_regexp":"^ok","ignore_redirects":true,"skip_tls_verify":true}`
		var second map[string]any
		h.do(http.MethodPost, "/api/v3/checks", h.admin, full).decode(t, &second)
		if second["id"] != float64(2) || second["expected_status"] != "200-204,301" || second["quorum"] != float64(2) {
			t.Errorf("second check = %v", second)
		}
		h.do(http.MethodGet, "/api/v3/checks", h.operator, "").expect(t, 200, `{"data":[`+created+`,`+checkBody(t, h, 2)+`]}`)
		h.do(http.MethodGet, "/api/v3/checks?component_id=3", h.operator, "").expect(t, 200, `{"data":[`+checkBody(t, h, 2)+`]}`)
		h.do(http.MethodGet, "/api/v3/checks?component_id=5", h.operator, "").expect(t, 200, `{"data":[]}`)

		h.advance(time.Minute)
		h.do(http.MethodPatch, "/api/v3/checks/1", h.admin, `{"paused":true,"interval_seconds":120,"component_id":2,"locations":["fra"]}`).expect(t, 200,
			`{"id":1,"component_id":2,"paused":true,"created_at":"2026-05-20T12:00:00Z","updated_at":"2026-05-20T12:01:00Z",`+
				`"kind":"http","target":"https://example.org/health","interval_seconds":120,"locations":["fra"]}`)
		h.do(http.MethodPatch, "/api/v3/checks/1", h.admin, `{"locations":null}`).expect(t, 200,
			`{"id":1,"component_id":2,"paused":true,"created_at":"2026-05-20T12:00:00Z","updated_at":"2026-05-20T12:01:00Z",`+
				`"kind":"http","target":"https://example.org/health","interval_seconds":120}`)

		var results []store.CheckResult
		for i := range 3 {
			results = append(results, store.CheckResult{CheckID: 1, Location: "fra", StartedAt: start.Add(time.Duration(i) * time.Minute),
				Outcome: probe.OutcomeDegraded, Latency: 1500 * time.Microsecond, Reason: "slow"})
		}
		if err := s.AddCheckResults(context.Background(), results); err != nil {
			t.Fatal(err)
		}
		result := func(id, minute int) string {
			return `{"id":` + itoa(id) + `,"check_id":1,"location":"fra","started_at":"2026-05-20T12:0` + itoa(minute) +
				`:00Z","outcome":"degraded","latency_ms":1.5,"reason":"slow"}`
		}
		h.do(http.MethodGet, "/api/v3/checks/1/results", h.operator, "").expect(t, 200, `{"data":[`+result(3, 2)+`,`+result(2, 1)+`,`+result(1, 0)+`]}`)
		h.do(http.MethodGet, "/api/v3/checks/1/results?limit=1&before=2026-05-20T12:02:00Z", h.operator, "").expect(t, 200, `{"data":[`+result(2, 1)+`]}`)
		h.do(http.MethodGet, "/api/v3/checks/1/results?before=2026-05-20T12:02:00Z&before_id=3", h.operator, "").expect(t, 200, `{"data":[`+result(2, 1)+`,`+result(1, 0)+`]}`)
		h.do(http.MethodGet, "/api/v3/checks/1/results?before=2026-05-20T12:01:00Z&before_id=3", h.operator, "").expect(t, 200, `{"data":[`+result(2, 1)+`,`+result(1, 0)+`]}`)
		h.do(http.MethodGet, "/api/v3/checks/2/results", h.operator, "").expect(t, 200, `{"data":[]}`)

		if got := h.send(http.MethodDelete, "/api/v3/checks/1", "", map[string]string{"Authorization": bearer(h.admin)}); got.status != 204 || got.body != "" {
			t.Errorf("DELETE: status %d, body %q; want 204 and none", got.status, got.body)
		}
		h.do(http.MethodGet, "/api/v3/checks/1", h.operator, "").expect(t, 404, `{"errMsg":"check 1 does not exist"}`)
		h.do(http.MethodGet, "/api/v3/checks/1/results", h.operator, "").expect(t, 404, `{"errMsg":"check 1 does not exist"}`)
		h.do(http.MethodDelete, "/api/v3/checks/1", h.admin, "").expect(t, 404, "")

		actions := strings.Join(h.auditActors(), "\n")
		for _, want := range []string{"check.create", "check.update", "check.delete"} {
			if !strings.Contains(actions, "catalog-admin "+want) {
				t.Errorf("audit log lacks %q by catalog-admin:\n%s", want, actions)
			}
		}
	})
}

// A heartbeat check's token comes back once, in the 201, and is stored hashed.
func TestV3HeartbeatToken(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s, nil, nil)
		var created struct {
			ID             uint   `json:"id"`
			HeartbeatToken string `json:"heartbeat_token"`
		}
		got := h.do(http.MethodPost, "/api/v3/checks", h.admin, `{"component_id":2,"kind":"heartbeat","interval_seconds":86400,"grace_seconds":3600}`)
		got.decode(t, &created)
		if got.status != 201 || len(created.HeartbeatToken) < 40 {
			t.Fatalf("POST heartbeat: status %d, token %q; want 201 and a long token", got.status, created.HeartbeatToken)
		}
		shown := h.do(http.MethodGet, "/api/v3/checks/1", h.operator, "")
		if strings.Contains(shown.body, "heartbeat_token") || strings.Contains(shown.body, created.HeartbeatToken) {
			t.Errorf("GET shows the token: %s", shown.body)
		}
		db, err := s.SQL()
		if err != nil {
			t.Fatal(err)
		}
		var hash string
		if err := db.QueryRow("SELECT heartbeat_token_hash FROM checks WHERE id = 1").Scan(&hash); err != nil || hash != apiauth.HashToken(created.HeartbeatToken) {
			t.Errorf("stored hash %q (%v), want the token's SHA-256", hash, err)
		}
	})
}

// Bad input is 400 naming the field, and writes nothing.
func TestV3CheckBadInput(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s, nil, nil)
		h.do(http.MethodPost, "/api/v3/checks", h.admin, minimalCheck).expect(t, 201, "")
		before := len(h.auditActors())
		withField := func(field, value string) string {
			return strings.TrimSuffix(minimalCheck, "}") + `,"` + field + `":` + value + `}`
		}
		tests := []struct{ name, method, path, body, field string }{
			{"unknown kind", "POST", "/api/v3/checks", strings.Replace(minimalCheck, `"http"`, `"smtp"`, 1), "kind"},
			{"bad URL", "POST", "/api/v3/checks", strings.Replace(minimalCheck, "example.org", "exa mple.org", 1), "target"},
			{"ftp scheme", "POST", "/api/v3/checks", strings.Replace(minimalCheck, "https:", "ftp:", 1), "target"},
			{"interval under 10 s", "POST", "/api/v3/checks", strings.Replace(minimalCheck, "30}", "5}", 1), "interval_seconds"},
			{"impossible regexp", "POST", "/api/v3/checks", withField("body_regexp", `"("`), "body_regexp"},
			{"quorum above locations", "POST", "/api/v3/checks", withField("locations", `["a","b"],"quorum":3`), "quorum"},
			{"unknown component", "POST", "/api/v3/checks", strings.Replace(minimalCheck, `"component_id":1`, `"component_id":99`, 1), "component_id"},
			{"no component", "POST", "/api/v3/checks", strings.Replace(minimalCheck, `"component_id":1,`, ``, 1), "component_id"},
			{"component of a wrong type", "POST", "/api/v3/checks", strings.Replace(minimalCheck, `"component_id":1`, `"component_id":"one"`, 1), "component_id"},
			{"unknown field", "POST", "/api/v3/checks", withField("colour", `"red"`), "colour"},
			{"heartbeat token given", "POST", "/api/v3/checks", withField("heartbeat_token", `"x"`), "heartbeat_token"},
			{"not an object", "POST", "/api/v3/checks", `[1]`, "JSON"},
			{"malformed", "POST", "/api/v3/checks", `{"kind":`, "JSON"},
			{"patch kind", "PATCH", "/api/v3/checks/1", `{"kind":"tcp"}`, "kind"},
			{"patch bad URL", "PATCH", "/api/v3/checks/1", `{"target":"gopher://example.org"}`, "target"},
			{"patch interval", "PATCH", "/api/v3/checks/1", `{"interval_seconds":9}`, "interval_seconds"},
			{"patch regexp", "PATCH", "/api/v3/checks/1", `{"body_regexp":"a{2,1}"}`, "body_regexp"},
			{"patch quorum", "PATCH", "/api/v3/checks/1", `{"locations":["a"],"quorum":2}`, "quorum"},
			{"patch unknown component", "PATCH", "/api/v3/checks/1", `{"component_id":99}`, "component_id"},
			{"patch paused of a wrong type", "PATCH", "/api/v3/checks/1", `{"paused":"yes"}`, "paused"},
			{"patch unknown field", "PATCH", "/api/v3/checks/1", `{"colour":"red"}`, "colour"},
			{"bad id", "GET", "/api/v3/checks/abc", "", "id"},
			{"bad component filter", "GET", "/api/v3/checks?component_id=x", "", "component_id"},
			{"bad limit", "GET", "/api/v3/checks/1/results?limit=5000", "", "limit"},
			{"bad before", "GET", "/api/v3/checks/1/results?before=yesterday", "", "before"},
			{"bad before_id", "GET", "/api/v3/checks/1/results?before=2026-05-20T12:01:00Z&before_id=x", "", "before_id"},
			{"before_id alone", "GET", "/api/v3/checks/1/results?before_id=2", "", "before_id"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got := h.do(tt.method, tt.path, h.admin, tt.body)
				var answer struct {
					ErrMsg string `json:"errMsg"`
				}
				got.decode(t, &answer)
				if got.status != 400 || !strings.Contains(answer.ErrMsg, tt.field) {
					t.Errorf("status %d, errMsg %q; want 400 naming %s", got.status, answer.ErrMsg, tt.field)
				}
			})
		}
		if after := len(h.auditActors()); after != before {
			t.Errorf("rejected writes left %d audit rows", after-before)
		}
		if checks, err := s.Checks(context.Background(), 0); err != nil || len(checks) != 1 {
			t.Errorf("got %d checks (%v) after rejected writes, want 1", len(checks), err)
		}
		h.do(http.MethodGet, "/api/v3/checks/1", h.operator, "").expect(t, 200,
			`{"id":1,"component_id":1,"paused":false,"created_at":"2026-05-20T12:00:00Z","updated_at":"2026-05-20T12:00:00Z",`+
				`"kind":"http","target":"https://example.org/health","interval_seconds":30}`)
	})
}

// Every route wants a credential (401), and writes the admin role (403),
// except pausing and resuming, which operators may do.
func TestV3CheckCredentials(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s, nil, nil)
		h.do(http.MethodPost, "/api/v3/checks", h.admin, minimalCheck).expect(t, 201, "")
		routes := []struct{ method, path, body string }{
			{"GET", "/api/v3/checks", ""},
			{"POST", "/api/v3/checks", minimalCheck},
			{"GET", "/api/v3/checks/1", ""},
			{"PATCH", "/api/v3/checks/1", `{"interval_seconds":60}`},
			{"DELETE", "/api/v3/checks/1", ""},
			{"GET", "/api/v3/checks/1/results", ""},
		}
		for _, route := range routes {
			write := route.method != "GET"
			for _, credential := range []struct {
				name, token string
				want        int
			}{
				{"none", "", 401},
				{"bad", "sdb_not-a-token", 401},
				{"wrong secret", signJWT(t, "another-secret-0123456789", nil), 401},
				{"operator", h.operator, map[bool]int{true: 403, false: 200}[write]},
				{"shared secret", h.v2JWT, map[bool]int{true: 403, false: 200}[write]},
			} {
				t.Run(route.method+" "+route.path+" "+credential.name, func(t *testing.T) {
					got := h.do(route.method, route.path, credential.token, route.body)
					if got.status != credential.want || (got.status >= 400 && !strings.HasPrefix(got.body, `{"errMsg":`)) {
						t.Errorf("status %d, body %s; want %d with a v2 error", got.status, got.body, credential.want)
					}
				})
			}
		}
		if checks, err := s.Checks(context.Background(), 0); err != nil || len(checks) != 1 || checks[0].Definition.Interval != 30*time.Second {
			t.Errorf("checks after refused writes: %+v (%v); want the one, unchanged", checks, err)
		}
		// Operators pause and resume; anything more in the same patch is refused whole.
		h.do(http.MethodPatch, "/api/v3/checks/1", h.operator, `{"paused":true}`).expect(t, 200, "")
		h.do(http.MethodPatch, "/api/v3/checks/1", h.v2JWT, `{"paused":false,"component_id":2}`).expect(t, 403, "")
		h.do(http.MethodPatch, "/api/v3/checks/1", h.v2JWT, `{"paused":false,"quorum":null}`).expect(t, 403, "")
		if check, err := s.Check(context.Background(), 1); err != nil || !check.Paused || check.ComponentID != 1 {
			t.Errorf("check after an operator's pause and refused changes: %+v (%v); want paused on component 1", check, err)
		}
		h.do(http.MethodPatch, "/api/v3/checks/1", h.v2JWT, `{"paused":false}`).expect(t, 200, "")
		if check, err := s.Check(context.Background(), 1); err != nil || check.Paused {
			t.Errorf("check after an operator's resume: %+v (%v); want running", check, err)
		}
	})
}

// checkBody is check id's JSON as GET /api/v3/checks/{id} answers it.
func checkBody(t *testing.T, h *harness, id int) string {
	t.Helper()
	got := h.do(http.MethodGet, "/api/v3/checks/"+itoa(id), h.operator, "")
	if got.status != 200 {
		t.Fatalf("GET check %d: %d %s", id, got.status, got.body)
	}
	return got.body
}

func itoa(n int) string { return strconv.Itoa(n) }
