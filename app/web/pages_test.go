package web

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

func TestPagesShowWhatReadersNeed(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	tests := []struct {
		path string
		want []string
	}{
		{"/", []string{
			`<html lang="en">`, `href="#main"`, "Partial outage in EU-DE",
			"Volumes are slow", `<span class="impact impact--major">Partial outage</span>`, "Elastic Cloud Server", "EU-DE", "A fix is being <em>rolled out</em>.",
			"Network upgrade", "Planned", `<th scope="col">EU-NL</th>`, `<th scope="row">`,
			`<span class="health health--major">Partial outage</span>`, `<span class="health health--operational">Operational</span>`,
			`href="/incidents/` + strconv.Itoa(int(site.open.ID)) + `"`, "Legend", "Not offered", "15 Mar 2026, 12:00 UTC",
		}},
		{"/?region=eu-nl", []string{`aria-current="page">EU-NL</a>`, `<th scope="col">EU-NL</th>`}},
		{"/incidents/" + strconv.Itoa(int(site.open.ID)), []string{
			"<h1>Volumes are slow</h1>", "Disk <strong>latency</strong> is high.", "We are investigating slow volumes.",
			"A fix is being <em>rolled out</em>.", "Elastic Cloud Server", "EU-DE", "15 Mar 2026, 10:00 UTC", "Not yet",
		}},
		{"/history", []string{"<h1>History</h1>", "February 2026", "Login failures", "EU-NL", `<option value="ecs">Elastic Cloud Server</option>`}},
		{"/history?region=eu-nl&type=incident", []string{"Login failures", "1 past event match"}},
		// One region at a time: the first one's table, tabs to the others.
		{"/availability", []string{"<h1>Availability</h1>", "<title>Availability in EU-DE", "Elastic Cloud Server", "Feb 26", "100 %",
			`<a href="/availability" aria-current="page">EU-DE</a>`, `<a href="/availability?region=eu-nl">EU-NL</a>`,
			// The open partial outage counts 30 % of its 2 hours so far.
			"99.827 %", `title="2 h partial outage"`,
			`<td class="avail--nodata">No data`, "a partial outage 30 %", "Maintenance windows are left out of the measured time"}},
		{"/availability?region=eu-nl", []string{"<title>Availability in EU-NL", `aria-current="page">EU-NL</a>`,
			"Elastic Cloud Server", "99.851 %", `title="1 h major outage"`}},
		{"/services/ecs", []string{"<h1>Elastic Cloud Server</h1>", "Partial outage", "Volumes are slow", "Login failures", "EU-NL"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			response := site.get(t, tt.path)
			if response.StatusCode != http.StatusOK {
				t.Fatalf("GET %s = %d, want 200", tt.path, response.StatusCode)
			}
			page := body(t, response)
			for _, want := range tt.want {
				if !strings.Contains(page, want) {
					t.Errorf("GET %s lacks %q", tt.path, want)
				}
			}
			for _, banned := range []string{"<script", " onload=", " onclick=", "javascript:"} {
				if strings.Contains(strings.ToLower(page), banned) {
					t.Errorf("GET %s contains %q", tt.path, banned)
				}
			}
		})
	}
	// The region tab hides the region not chosen.
	if page := body(t, site.get(t, "/?region=eu-nl")); strings.Contains(page, `<th scope="col">EU-DE</th>`) {
		t.Errorf("GET /?region=eu-nl still shows the EU-DE column")
	}
	// Each availability table holds its region's figures alone.
	for path, other := range map[string]string{"/availability": `title="1 h major outage"`, "/availability?region=eu-nl": `title="2 h partial outage"`} {
		if page := body(t, site.get(t, path)); strings.Contains(page, other) {
			t.Errorf("GET %s shows %s, another region's figure", path, other)
		}
	}
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	tests := []struct {
		path   string
		status int
		want   string
	}{
		{"/history?page=abc", http.StatusBadRequest, "Parameter page"},
		{"/history?page=0", http.StatusBadRequest, "Parameter page"},
		{"/history?page=99", http.StatusBadRequest, "Parameter page"},
		{"/history?type=party", http.StatusBadRequest, "Parameter type"},
		{"/history?region=mars", http.StatusNotFound, "There is no region &#34;mars&#34;"},
		{"/history?category=nope", http.StatusNotFound, "no category"},
		{"/history?service=nope", http.StatusNotFound, "no service"},
		{"/?region=mars", http.StatusNotFound, "no region"},
		{"/availability?region=mars", http.StatusNotFound, "no region"},
		{"/?refresh=1", http.StatusBadRequest, "Parameter refresh"},
		{"/?refresh=soon", http.StatusBadRequest, "Parameter refresh"},
		{"/incidents/999999", http.StatusNotFound, "no event"},
		{"/incidents/abc", http.StatusNotFound, "no event"},
		{"/incidents/-1", http.StatusNotFound, "no event"},
		{"/incidents/99999999999999999999", http.StatusNotFound, "no event"},
		{"/services/nope", http.StatusNotFound, "no service"},
		{"/timezone?tz=Mars/Olympus", http.StatusBadRequest, "Parameter tz"},
		{"/timezone?tz=../../etc/passwd", http.StatusBadRequest, "Parameter tz"},
		{"/timezone?tz=Local", http.StatusBadRequest, "Parameter tz"},
		{"/timezone", http.StatusBadRequest, "Parameter tz"},
		{"/rss/?mt=mars", http.StatusNotFound, "no region"},
		{"/rss/?srv=nope", http.StatusNotFound, "no service"},
		{"/rss/?mt=EU-NL&srv=obs", http.StatusNotFound, "not offered in EU-NL"},
		{"/no/such/page", http.StatusNotFound, "There is no page"},
		{"/static/abc/nope.css", http.StatusNotFound, "no file"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			response := site.get(t, tt.path)
			page := body(t, response)
			if response.StatusCode != tt.status {
				t.Fatalf("GET %s = %d, want %d; body %.300s", tt.path, response.StatusCode, tt.status, page)
			}
			if !strings.Contains(page, tt.want) || !strings.Contains(page, "<html") {
				t.Errorf("GET %s: HTML error page lacks %q: %.500s", tt.path, tt.want, page)
			}
		})
	}
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	paths := []string{"/", "/history?page=abc", "/no/such/page", "/healthz", "/readyz", site.server.assets.url("style.css"),
		site.server.assets.url("icons/outage.svg"), "/rss/", "/atom", "/ical", "/timezone?tz=UTC&return=/history"}
	want := map[string]string{
		"Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "strict-origin-when-cross-origin",
		"X-Frame-Options":         "DENY",
	}
	for _, path := range paths {
		response := site.get(t, path)
		for name, value := range want {
			if got := response.Header.Get(name); got != value {
				t.Errorf("GET %s (%d): %s = %q, want %q", path, response.StatusCode, name, got, value)
			}
		}
	}
	// The API's JSON errors, Echo's 405, the operator pages without sign-in,
	// /metrics and a HEAD carry them too.
	requests := []struct{ method, path string }{
		{http.MethodGet, "/api/v2/summary.json"},
		{http.MethodGet, "/api/openapi.yaml"},
		{http.MethodGet, "/v2/events/abc"},
		{http.MethodPost, "/v2/events"},
		{http.MethodDelete, "/v2/events"},
		{http.MethodGet, "/api/v1/no-such-endpoint"},
		{http.MethodPost, "/api/v1/component_status"},
		{http.MethodDelete, "/"},
		{http.MethodGet, "/manage"},
		{http.MethodGet, "/metrics"},
		{http.MethodHead, "/"},
	}
	for _, tt := range requests {
		recorder := httptest.NewRecorder()
		site.server.Handler().ServeHTTP(recorder, httptest.NewRequest(tt.method, tt.path, nil))
		for name, value := range want {
			if got := recorder.Header().Get(name); got != value {
				t.Errorf("%s %s (%d): %s = %q, want %q", tt.method, tt.path, recorder.Code, name, got, value)
			}
		}
	}
}

func TestStaticFiles(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	response := site.get(t, site.server.assets.url("style.css"), "Accept-Encoding: gzip")
	if response.StatusCode != http.StatusOK {
		t.Fatalf("GET style.css = %d", response.StatusCode)
	}
	if got := response.Header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
		t.Errorf("Cache-Control = %q, want immutable for a year", got)
	}
	if got := response.Header.Get("Content-Type"); !strings.HasPrefix(got, "text/css") {
		t.Errorf("Content-Type = %q, want text/css", got)
	}
	if css := body(t, response); !strings.Contains(css, ".health--outage") {
		t.Errorf("style.css lacks the health styles")
	}
	// The gzip and plain bytes have their own ETags; each revalidates alone.
	url := site.server.assets.url("style.css")
	gzipETag, plainETag := response.Header.Get("ETag"), site.get(t, url).Header.Get("ETag")
	if gzipETag == "" || plainETag == "" || gzipETag == plainETag {
		t.Errorf("style.css ETags: gzip %q, plain %q; want two different tags", gzipETag, plainETag)
	}
	if got := site.get(t, url, "If-None-Match: "+gzipETag, "Accept-Encoding: gzip").StatusCode; got != http.StatusNotModified {
		t.Errorf("gzip ETag, gzip asked = %d, want 304", got)
	}
	if got := site.get(t, url, "If-None-Match: "+gzipETag).StatusCode; got != http.StatusOK {
		t.Errorf("gzip ETag, plain asked = %d, want 200", got)
	}
	old := site.get(t, "/static/0123456789ab/style.css")
	if got := old.Header.Get("Cache-Control"); old.StatusCode != http.StatusOK || got != "no-cache" {
		t.Errorf("old hash: %d, Cache-Control %q; want 200 no-cache", old.StatusCode, got)
	}
	if page := body(t, site.get(t, "/")); !strings.Contains(page, site.server.assets.url("style.css")) {
		t.Errorf("page does not link the hashed stylesheet")
	}
}

func TestConditionalAndCompressed(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	first := site.get(t, "/", "Accept-Encoding: gzip, deflate, br")
	if first.Header.Get("Content-Encoding") != "gzip" || first.Header.Get("Vary") != "Accept-Encoding, Accept-Language, Cookie" {
		t.Errorf("Content-Encoding %q, Vary %q; want gzip, \"Accept-Encoding, Accept-Language, Cookie\"", first.Header.Get("Content-Encoding"), first.Header.Get("Vary"))
	}
	if page := body(t, first); !strings.Contains(page, "Volumes are slow") {
		t.Errorf("gzipped page lacks the incident")
	}
	etag, modified := first.Header.Get("ETag"), first.Header.Get("Last-Modified")
	if etag == "" || modified == "" {
		t.Fatalf("ETag %q, Last-Modified %q; want both", etag, modified)
	}
	plain := site.get(t, "/")
	if plain.Header.Get("Content-Encoding") != "" || !strings.Contains(body(t, plain), "Volumes are slow") {
		t.Errorf("without Accept-Encoding the page should be plain")
	}
	// The two variants are different bytes: each has its own strong ETag,
	// and each revalidates with its own only.
	plainETag := plain.Header.Get("ETag")
	if plainETag == "" || plainETag == etag {
		t.Errorf("plain ETag %q, gzip ETag %q; want two different tags", plainETag, etag)
	}
	for _, tt := range []struct {
		name, etag, encoding string
		want                 int
	}{
		{"plain", plainETag, "identity", http.StatusNotModified},
		{"gzip", etag, "gzip", http.StatusNotModified},
		{"gzip tag, plain asked", etag, "identity", http.StatusOK},
		{"plain tag, gzip asked", plainETag, "gzip", http.StatusOK},
	} {
		response := site.get(t, "/", "If-None-Match: "+tt.etag, "Accept-Encoding: "+tt.encoding)
		if response.StatusCode != tt.want || response.Header.Get("ETag") == "" {
			t.Errorf("%s: If-None-Match = %d with ETag %q, want %d", tt.name, response.StatusCode, response.Header.Get("ETag"), tt.want)
		}
	}
	if response := site.get(t, "/", "If-None-Match: \"other\""); response.StatusCode != http.StatusOK {
		t.Errorf("If-None-Match other = %d, want 200", response.StatusCode)
	}
	if response := site.get(t, "/", "If-Modified-Since: "+modified); response.StatusCode != http.StatusNotModified {
		t.Errorf("If-Modified-Since = %d, want 304", response.StatusCode)
	}
	if response := site.get(t, "/", "Accept-Encoding: gzip;q=0"); response.Header.Get("Content-Encoding") != "" {
		t.Errorf("gzip;q=0 still compressed")
	}
}
