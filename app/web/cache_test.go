package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"statusdash/app/model"
)

// TestWriteShowsOnNextRequest: a cached page is replaced as soon as a write
// bumps the data version.
func TestWriteShowsOnNextRequest(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	if page := body(t, site.get(t, "/")); strings.Contains(page, "Object storage unreachable") {
		t.Fatalf("the incident is there before it was written")
	}
	// A second identical request is a hit: same bytes, same ETag.
	first, second := site.get(t, "/"), site.get(t, "/")
	if first.Header.Get("ETag") != second.Header.Get("ETag") {
		t.Errorf("ETag changed without a write")
	}
	incident := site.rows.Event(model.Event{Type: model.TypeIncident, Title: "Object storage unreachable",
		Impact: model.ImpactOutage, StartAt: testNow.Add(-time.Minute)}, site.obsDE)
	site.rows.BumpVersion()
	page := body(t, site.get(t, "/"))
	if !strings.Contains(page, "Object storage unreachable") || !strings.Contains(page, "Major outage in EU-DE") {
		t.Errorf("the page after the write lacks the new incident")
	}
	// Without a version bump the cached copy stays (proving the page is cached).
	site.rows.Exec("UPDATE events SET title = ? WHERE id = ?", "Renamed quietly", incident.ID)
	if page := body(t, site.get(t, "/")); strings.Contains(page, "Renamed quietly") {
		t.Errorf("the page was rebuilt without a version bump")
	}
}

// TestDatabaseDownServesLastGood: with the database gone, a page cached
// before is served with an "as of" note; one never built is the 503 page.
func TestDatabaseDownServesLastGood(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	if response := site.get(t, "/"); response.StatusCode != http.StatusOK {
		t.Fatalf("GET / = %d", response.StatusCode)
	}
	if err := site.store.Close(); err != nil {
		t.Fatalf("close store: %v", err)
	}
	response := site.get(t, "/", "Accept-Encoding: gzip")
	page := body(t, response)
	if response.StatusCode != http.StatusOK {
		t.Fatalf("GET / with the database down = %d, want 200", response.StatusCode)
	}
	for _, want := range []string{"Volumes are slow", "Showing saved data", "as of", "15 Mar 2026, 12:00 UTC"} {
		if !strings.Contains(page, want) {
			t.Errorf("stale page lacks %q", want)
		}
	}
	if got := response.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("stale page Cache-Control = %q, want no-store", got)
	}
	if got := response.Header.Get("Warning"); got != `110 - "Response is Stale"` {
		t.Errorf("stale page Warning = %q, want 110", got)
	}
	never := site.get(t, "/availability")
	if never.StatusCode != http.StatusServiceUnavailable || never.Header.Get("Retry-After") == "" ||
		!strings.Contains(body(t, never), "The status data is unavailable right now") {
		t.Errorf("uncached page with the database down = %d, Retry-After %q; want the 503 page with Retry-After",
			never.StatusCode, never.Header.Get("Retry-After"))
	}
	if ready := site.get(t, "/readyz"); ready.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/readyz with the database down = %d, want 503", ready.StatusCode)
	}
	if healthy := site.get(t, "/healthz"); healthy.StatusCode != http.StatusOK {
		t.Errorf("/healthz = %d, want 200", healthy.StatusCode)
	}
}

func TestTimeZoneCookie(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	response := site.get(t, "/timezone?tz=Europe/Berlin&return=/history?page=1")
	if response.StatusCode != http.StatusSeeOther || response.Header.Get("Location") != "/history?page=1" {
		t.Fatalf("GET /timezone = %d to %q, want 303 to /history?page=1", response.StatusCode, response.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, c := range response.Cookies() {
		if c.Name == "tz" {
			cookie = c
		}
	}
	if cookie == nil || cookie.Value != "Europe/Berlin" {
		t.Fatalf("cookie = %v, want tz=Europe/Berlin", cookie)
	}
	utc := body(t, site.get(t, "/"))
	berlin := body(t, site.get(t, "/", "Cookie: tz=Europe/Berlin"))
	if !strings.Contains(berlin, "15 Mar 2026, 13:00 CET") || !strings.Contains(berlin, `<option value="Europe/Berlin" selected>`) {
		t.Errorf("page with tz=Europe/Berlin does not show CET times")
	}
	if !strings.Contains(utc, "15 Mar 2026, 12:00 UTC") {
		t.Errorf("page without cookie does not show UTC times")
	}
	// A forged cookie falls back to the default zone.
	if page := body(t, site.get(t, "/", "Cookie: tz=Nowhere/Land")); !strings.Contains(page, "12:00 UTC") {
		t.Errorf("bad cookie did not fall back to UTC")
	}
	for _, target := range []string{"//evil.example", "https://evil.example", "/\\evil"} {
		response := site.get(t, "/timezone?tz=UTC&return="+target)
		if got := response.Header.Get("Location"); got != "/" {
			t.Errorf("return=%s redirects to %q, want /", target, got)
		}
	}
}

func TestRefreshOptIn(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	if page := body(t, site.get(t, "/")); strings.Contains(page, `http-equiv="refresh"`) || !strings.Contains(page, `href="/?refresh=60"`) {
		t.Errorf("refresh without opt-in, or no opt-in link")
	}
	if page := body(t, site.get(t, "/?refresh=60")); !strings.Contains(page, `<meta http-equiv="refresh" content="60">`) {
		t.Errorf("?refresh=60 lacks the meta refresh")
	}
}

func TestFeeds(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	tests := []struct {
		path, contentType string
		want, unwanted    []string
	}{
		{"/rss/", "application/rss+xml", []string{"<rss", "Volumes are slow", "Login failures", "https://status.example.com/incidents/"}, nil},
		{"/rss/?mt=EU-NL&srv=ecs", "application/rss+xml", []string{"Login failures"}, []string{"Volumes are slow"}},
		{"/atom?region=eu-de", "application/atom+xml", []string{"<feed", "Volumes are slow", "Network upgrade"}, []string{"Login failures"}},
		{"/ical", "text/calendar", []string{"BEGIN:VCALENDAR", "Network upgrade"}, []string{"Volumes are slow"}},
	}
	for _, tt := range tests {
		response := site.get(t, tt.path)
		text := body(t, response)
		if response.StatusCode != http.StatusOK || !strings.HasPrefix(response.Header.Get("Content-Type"), tt.contentType) {
			t.Errorf("GET %s = %d %q, want 200 %s", tt.path, response.StatusCode, response.Header.Get("Content-Type"), tt.contentType)
		}
		for _, want := range tt.want {
			if !strings.Contains(text, want) {
				t.Errorf("GET %s lacks %q", tt.path, want)
			}
		}
		for _, unwanted := range tt.unwanted {
			if strings.Contains(text, unwanted) {
				t.Errorf("GET %s has %q", tt.path, unwanted)
			}
		}
	}
}

// TestCachedHitAllocations: a cached page costs a data-version lookup and a
// copy of stored bytes; serving the last good copy and the ETag per
// encoding added nothing to it. 8 is the count measured before them.
func TestCachedHitAllocations(t *testing.T) {
	// Not parallel: testing.AllocsPerRun counts every goroutine's allocations.
	if raceDetector {
		t.Skip("the race detector changes allocation counts")
	}
	site := newTestSite(t)
	handler := site.server.Handler()
	request := httptest.NewRequest(http.MethodGet, "/", nil)
	request.Header.Set("Accept-Encoding", "gzip")
	handler.ServeHTTP(httptest.NewRecorder(), request)
	allocs := testing.AllocsPerRun(100, func() {
		writer := &discardWriter{header: make(http.Header)}
		handler.ServeHTTP(writer, request)
		if writer.status != http.StatusOK {
			t.Fatalf("status %d", writer.status)
		}
	})
	if allocs > 8 {
		t.Errorf("a cached overview allocates %.0f times, want at most 8", allocs)
	}
}
