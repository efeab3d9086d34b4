package stackmon_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"statusdash/app/api/stackmon"
	"statusdash/app/apiauth"
	"statusdash/app/config"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

func serve(e *echo.Echo, method, target string, headers map[string]string) *httptest.ResponseRecorder {
	request := httptest.NewRequest(method, target, nil)
	for name, value := range headers {
		request.Header.Set(name, value)
	}
	recorder := httptest.NewRecorder()
	e.ServeHTTP(recorder, request)
	return recorder
}

// TestV1ListsRevalidateAndAnswerHead: each variant has its own ETag and
// answers 304 to it; HEAD answers GET's headers without the body.
func TestV1ListsRevalidateAndAnswerHead(t *testing.T) {
	t.Parallel()
	s := storetest.OpenSQLite(t)
	streamFixture(t, s)
	e := echo.New()
	stackmon.New(stackmon.Deps{Deps: apiauth.Deps{Config: config.Defaults(), Store: s}}).Register(e)
	for _, path := range []string{"/api/v1/component_status", "/v1/incidents"} {
		for _, accept := range []string{"", "gzip"} {
			get := serve(e, http.MethodGet, path, map[string]string{"Accept-Encoding": accept})
			etag := get.Header().Get("Etag")
			if get.Code != http.StatusOK || etag == "" || get.Header().Get("Content-Encoding") != accept ||
				get.Header().Get("Vary") != "Accept-Encoding" || get.Header().Get("Content-Type") != "application/json" {
				t.Fatalf("GET %s (Accept-Encoding %q): %d, headers %v", path, accept, get.Code, get.Header())
			}
			head := serve(e, http.MethodHead, path, map[string]string{"Accept-Encoding": accept})
			if head.Code != http.StatusOK || head.Body.Len() != 0 || head.Header().Get("Etag") != etag ||
				head.Header().Get("Content-Length") != get.Header().Get("Content-Length") {
				t.Errorf("HEAD %s (Accept-Encoding %q): %d, %d bytes, headers %v; want GET's headers, no body",
					path, accept, head.Code, head.Body.Len(), head.Header())
			}
			again := serve(e, http.MethodGet, path, map[string]string{"Accept-Encoding": accept, "If-None-Match": etag})
			if again.Code != http.StatusNotModified || again.Body.Len() != 0 {
				t.Errorf("GET %s with its ETag: %d, %d bytes; want 304", path, again.Code, again.Body.Len())
			}
		}
	}
}

// TestV1ListsFollowTheData: a cached list is answered until a write, and
// the write's event is in the next answer.
func TestV1ListsFollowTheData(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s, nil, nil)
		for _, path := range []string{"/api/v1/component_status", "/api/v1/incidents"} {
			first := h.do(http.MethodGet, path, "", "")
			if again := h.do(http.MethodGet, path, "", ""); again.header.Get("Etag") != first.header.Get("Etag") {
				t.Errorf("%s: ETag %s then %s with no write between", path, first.header.Get("Etag"), again.header.Get("Etag"))
			}
		}
		h.do(http.MethodPost, "/v1/component_status", h.v1JWT, report("Virtual Private Cloud", "EU-NL", 2, "Packet loss")).expect(t, http.StatusCreated, "")
		var components []stackmon.V1Component
		h.do(http.MethodGet, "/api/v1/component_status", "", "").decode(t, &components)
		if len(components) != 6 || len(components[3].Incidents) != 1 || components[3].Incidents[0].Text != "Packet loss" {
			t.Errorf("component_status after the report = %+v", components)
		}
		var incidents []stackmon.V1Incident
		h.do(http.MethodGet, "/v1/incidents", "", "").decode(t, &incidents)
		if len(incidents) != 1 || incidents[0].Text != "Packet loss" {
			t.Errorf("incidents after the report = %+v", incidents)
		}
	})
}

// TestV1ListsWhileTheDatabaseIsDown: a list read before is served from its
// last good copy marked stale, in both encodings; one never read is the v1
// 503 with Retry-After.
func TestV1ListsWhileTheDatabaseIsDown(t *testing.T) {
	t.Parallel()
	s := storetest.OpenSQLite(t)
	streamFixture(t, s)
	e := echo.New()
	stackmon.New(stackmon.Deps{Deps: apiauth.Deps{Config: config.Defaults(), Store: s}}).Register(e)
	before := getBody(t, e, "/api/v1/component_status", "")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for _, accept := range []string{"", "gzip"} {
		after := serve(e, http.MethodGet, "/v1/component_status", map[string]string{"Accept-Encoding": accept})
		if got := after.Header().Get("Warning"); after.Code != http.StatusOK || got != `110 - "Response is Stale"` {
			t.Fatalf("component_status, database down (Accept-Encoding %q): %d, Warning %q; want 200 and the stale copy", accept, after.Code, got)
		}
		if got := getBody(t, e, "/v1/component_status", accept); !bytes.Equal(got, before) {
			t.Errorf("stale component_status (Accept-Encoding %q) differs from the last good one", accept)
		}
	}
	missing := serve(e, http.MethodGet, "/api/v1/incidents", nil)
	if missing.Code != http.StatusServiceUnavailable || missing.Header().Get("Retry-After") == "" ||
		missing.Body.String() != `{"message":"the status database is unavailable; try again later"}`+"\n" {
		t.Errorf("incidents never read, database down: %d, Retry-After %q, %s; want the v1 503",
			missing.Code, missing.Header().Get("Retry-After"), missing.Body)
	}
}
