package stackmon_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"statusdash/app/cache"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
	"statusdash/app/web"
)

// newWebHarness is the harness served by the whole web server (web.New), as
// `statusdash serve` runs it: pages, feeds, Statuspage files and the APIs.
func newWebHarness(t *testing.T, s *store.Storage) *harness {
	t.Helper()
	h := newHarness(t, s, nil, nil)
	h.server.Close()
	cfg := h.cfg
	cfg.InstanceDir = t.TempDir()
	cfg.TimeZone = "UTC"
	server, err := web.New(web.Deps{Config: cfg, Store: s, Versions: s, Cache: cache.NewMemory(),
		Logger: slog.New(slog.DiscardHandler), Now: h.clock})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	h.server = httptest.NewServer(server.Handler())
	t.Cleanup(h.server.Close)
	return h
}

// page reads a page or feed of the full server.
func (h *harness) page(path string) string {
	h.t.Helper()
	resp, err := h.server.Client().Get(h.server.URL + path)
	if err != nil {
		h.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		h.t.Errorf("GET %s: status %d", path, resp.StatusCode)
	}
	return string(raw)
}

// TestAPIWritesReachPagesAndFeeds: through the whole server, every page,
// feed and Statuspage file read after an API write shows it, although each
// was read (and cached) just before.
func TestAPIWritesReachPagesAndFeeds(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newWebHarness(t, s)
		reads := []string{"/", "/incidents/1", "/history", "/rss", "/atom", "/services/ecs",
			"/api/v2/summary.json", "/api/v2/incidents.json", "/api/v2/incidents/unresolved.json", "/api/v2/components.json"}
		warm := func() {
			for _, path := range reads {
				if path != "/incidents/1" {
					h.page(path)
				}
			}
		}
		expect := func(step string, paths []string, text string, want bool) {
			t.Helper()
			for _, path := range paths {
				if got := strings.Contains(h.page(path), text); got != want {
					t.Errorf("after %s: GET %s contains %q: %v, want %v", step, path, text, got, want)
				}
			}
		}
		warm()
		h.do(http.MethodPost, "/api/v1/component_status", h.v1JWT, report("Elastic Cloud Server", "EU-DE", 3, "Disk errors QQQ")).expect(t, http.StatusCreated, "")
		expect("a v1 report", []string{"/", "/incidents/1", "/rss", "/atom", "/services/ecs",
			"/api/v2/summary.json", "/api/v2/incidents.json", "/api/v2/incidents/unresolved.json"}, "Disk errors QQQ", true)
		expect("a v1 report", []string{"/api/v2/components.json", "/api/v2/summary.json"}, `"major_outage"`, true)

		warm()
		h.advance(30 * 60e9)
		h.do(http.MethodPatch, "/v2/events/1", h.operator, `{"message":"All fine RRR","status":"resolved","update_date":"2026-05-20T12:20:00Z"}`).expect(t, http.StatusOK, "")
		expect("a v2 PATCH", []string{"/incidents/1", "/rss", "/atom", "/api/v2/incidents.json"}, "All fine RRR", true)
		expect("a v2 PATCH", []string{"/history"}, "Disk errors QQQ", true)
		expect("a v2 PATCH", []string{"/api/v2/incidents/unresolved.json"}, "Disk errors QQQ", false)
		expect("a v2 PATCH", []string{"/api/v2/components.json"}, `"major_outage"`, false)

		warm()
		h.do(http.MethodPatch, "/v2/events/1/updates/0", h.operator, `{"text":"Edited SSS"}`).expect(t, http.StatusOK, "")
		expect("an update text edit", []string{"/incidents/1", "/rss", "/atom", "/api/v2/incidents.json"}, "Edited SSS", true)
	})
}

// TestFullServerAPIErrorsAreJSON: unknown paths and methods under the API
// prefixes, and bad writes, answer JSON through the whole server, never
// the HTML error pages.
func TestFullServerAPIErrorsAreJSON(t *testing.T) {
	t.Parallel()
	h := newWebHarness(t, storetest.OpenSQLite(t))
	tests := []struct {
		method, path, token, body string
		status                    int
	}{
		{"GET", "/api/nope", "", "", 404},
		{"GET", "/api/v1/nope", "", "", 404},
		{"GET", "/v1/nope", "", "", 404},
		{"GET", "/v2/nope", "", "", 404},
		{"GET", "/v2/events/1/nope", "", "", 404},
		{"GET", "/api/v2/nope.json", "", "", 404},
		{"GET", "/api/v3/anything", "", "", 404},
		{"DELETE", "/v2/events/1", h.operator, "", 405},
		{"PUT", "/api/v2/summary.json", "", "", 405},
		{"POST", "/v2/events", "", `{}`, 401},
		{"POST", "/v2/components", h.operator, `{}`, 403},
		{"POST", "/v2/events", h.operator, `{"title":`, 400},
		{"POST", "/api/v1/component_status", h.v1JWT, `{"name":"x\u0000","impact":1}`, 400},
		{"GET", "/v2/events/99", "", "", 404},
	}
	for _, tt := range tests {
		got := h.do(tt.method, tt.path, tt.token, tt.body) // do fails on a non-JSON answer
		if got.status != tt.status || !strings.HasPrefix(got.body, "{") {
			t.Errorf("%s %s: %d %s, want %d and a JSON object", tt.method, tt.path, got.status, got.body, tt.status)
		}
	}
}
