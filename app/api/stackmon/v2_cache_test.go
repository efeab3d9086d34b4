package stackmon_test

import (
	"net/http"
	"testing"
	"time"

	"statusdash/app/store/storetest"
)

// TestV2ReadsServedFromCache: every public v2 read, asked again later with
// no write between, is the copy built for the first request (same body, its
// Last-Modified is the first request's clock, not the later one); a write
// makes the next read a new build; queries asking the same thing in other
// words share one copy.
func TestV2ReadsServedFromCache(t *testing.T) {
	t.Parallel()
	s := storetest.OpenSQLite(t)
	h := newHarness(t, s, nil, nil)
	h.do(http.MethodPost, "/v2/events", h.v2JWT,
		`{"title":"API errors","impact":1,"components":[1],"start_date":"2026-05-20T11:59:00Z","type":"incident"}`).expect(t, http.StatusOK, "")
	paths := []string{
		"/v2/components", "/v2/components/1", "/v2/availability",
		"/v2/events", "/v2/events?type=incident&limit=10&page=1", "/v2/events?active=true", "/v2/events/1", "/v2/incidents/1",
	}
	first := map[string]response{}
	for _, path := range paths {
		first[path] = h.do(http.MethodGet, path, "", "")
		first[path].expect(t, http.StatusOK, "")
	}
	// Within one time bucket, so the clocked answers (availability, the
	// active list) are still current too.
	h.advance(10 * time.Second)
	for _, path := range paths {
		got := h.do(http.MethodGet, path, "", "")
		if got.body != first[path].body || got.header.Get("Last-Modified") != first[path].header.Get("Last-Modified") {
			t.Errorf("GET %s again: Last-Modified %q, same body %v; want the first copy's %q",
				path, got.header.Get("Last-Modified"), got.body == first[path].body, first[path].header.Get("Last-Modified"))
		}
	}
	for _, same := range []string{"/v2/incidents?page=1&limit=50", "/v2/events?limit=50"} {
		if got := h.do(http.MethodGet, same, "", ""); got.header.Get("Last-Modified") != first["/v2/events"].header.Get("Last-Modified") {
			t.Errorf("GET %s: Last-Modified %q, want the copy of /v2/events (%q)", same, got.header.Get("Last-Modified"), first["/v2/events"].header.Get("Last-Modified"))
		}
	}
	h.do(http.MethodPatch, "/v2/events/1", h.operator,
		`{"message":"Worse","status":"impact changed","impact":2,"update_date":"2026-05-20T12:00:05Z"}`).expect(t, http.StatusOK, "")
	for _, path := range paths {
		if got := h.do(http.MethodGet, path, "", ""); got.header.Get("Last-Modified") == first[path].header.Get("Last-Modified") {
			t.Errorf("GET %s after a write: still the copy of %q", path, got.header.Get("Last-Modified"))
		}
	}
}

// TestV2ReadsCompressedAndConditional: a cached answer is sent gzip to a
// client accepting it, and its ETag answers 304.
func TestV2ReadsCompressedAndConditional(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storetest.OpenSQLite(t), nil, nil)
	for _, path := range []string{"/v2/availability", "/v2/events?limit=10"} {
		// Setting Accept-Encoding turns off the client's transparent gunzip.
		zipped := h.doRaw(http.MethodGet, path, map[string]string{"Accept-Encoding": "gzip"})
		if zipped.header.Get("Content-Encoding") != "gzip" || zipped.header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("GET %s: Content-Encoding %q, Vary %q; want gzip, Accept-Encoding", path, zipped.header.Get("Content-Encoding"), zipped.header.Get("Vary"))
		}
		plain := h.doRaw(http.MethodGet, path, map[string]string{"Accept-Encoding": "identity"})
		etag := plain.header.Get("ETag")
		if etag == "" {
			t.Fatalf("GET %s: no ETag", path)
		}
		if got := h.doRaw(http.MethodGet, path, map[string]string{"Accept-Encoding": "identity", "If-None-Match": etag}); got.status != http.StatusNotModified || got.body != "" {
			t.Errorf("GET %s If-None-Match: status %d, body %q; want 304 and none", path, got.status, got.body)
		}
	}
}

// TestV2ReadsWhileDatabaseDown: with the database gone, a read asked before
// is its last good copy marked stale; one never asked is the v2 JSON 503.
func TestV2ReadsWhileDatabaseDown(t *testing.T) {
	t.Parallel()
	s := storetest.OpenSQLite(t)
	h := newHarness(t, s, nil, nil)
	before := h.do(http.MethodGet, "/v2/availability", "", "")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	h.advance(time.Hour) // a new time bucket: the copy no longer applies
	after := h.do(http.MethodGet, "/v2/availability", "", "")
	if after.status != http.StatusOK || after.body != before.body {
		t.Errorf("availability with the database down: status %d, same body %v; want 200 and the last good copy", after.status, after.body == before.body)
	}
	for name, want := range map[string]string{"Warning": `110 - "Response is Stale"`, "Cache-Control": "no-store"} {
		if got := after.header.Get(name); got != want {
			t.Errorf("stale availability: %s = %q, want %q", name, got, want)
		}
	}
	missing := h.do(http.MethodGet, "/v2/components", "", "")
	missing.expect(t, http.StatusServiceUnavailable, `{"errMsg":"the status database is unavailable; try again later"}`)
	if missing.header.Get("Retry-After") == "" {
		t.Errorf("components never read, database down: no Retry-After")
	}
}

// TestHeadAndAllow: HEAD answers every GET route like GET without a body;
// a 405's Allow lists HEAD where GET is allowed, and HEAD is refused, not
// routed away, where GET is not.
func TestHeadAndAllow(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storetest.OpenSQLite(t), nil, nil)
	tests := []struct {
		method, path string
		status       int
		allow        string
	}{
		{http.MethodHead, "/v2/events", http.StatusOK, ""},
		{http.MethodHead, "/api/v1/component_status", http.StatusOK, ""},
		{http.MethodHead, "/v2/components/99", http.StatusNotFound, ""},
		{http.MethodDelete, "/v2/events", http.StatusMethodNotAllowed, "GET, HEAD, POST"},
		{http.MethodPut, "/v1/incidents", http.StatusMethodNotAllowed, "GET, HEAD"},
		{http.MethodHead, "/v2/events/1/extract", http.StatusMethodNotAllowed, "POST"},
	}
	for _, tt := range tests {
		got := h.doRaw(tt.method, tt.path, nil)
		if got.status != tt.status || got.header.Get("Allow") != tt.allow || (tt.method == http.MethodHead && got.body != "") {
			t.Errorf("%s %s = %d, Allow %q, body %q; want %d, Allow %q, no body for HEAD",
				tt.method, tt.path, got.status, got.header.Get("Allow"), got.body, tt.status, tt.allow)
		}
	}
}
