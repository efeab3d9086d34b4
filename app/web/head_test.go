package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestHeadRequests: public pages, feeds and probes answer HEAD like GET, without a body.
func TestHeadRequests(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	server := httptest.NewServer(site.server.Handler())
	t.Cleanup(server.Close)
	tests := []struct {
		path string
		want int
	}{
		{"/", http.StatusOK},
		{"/history", http.StatusOK},
		{"/services/ecs", http.StatusOK},
		{"/rss/?mt=EU-DE", http.StatusOK},
		{"/healthz", http.StatusOK},
		{"/services/nope", http.StatusNotFound},
		{"/history?page=0", http.StatusBadRequest},
	}
	for _, tt := range tests {
		response, err := http.Head(server.URL + tt.path)
		if err != nil {
			t.Fatalf("HEAD %s: %v", tt.path, err)
		}
		_ = response.Body.Close()
		if response.StatusCode != tt.want {
			t.Errorf("HEAD %s = %d, want %d", tt.path, response.StatusCode, tt.want)
		}
		if response.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("HEAD %s has no Content-Security-Policy", tt.path)
		}
		// Error pages too say what a GET would send.
		if got, want := response.Header.Get("Content-Type"), send(t, http.MethodGet, server.URL+tt.path, "identity").header.Get("Content-Type"); got != want {
			t.Errorf("HEAD %s: Content-Type %q, GET has %q", tt.path, got, want)
		}
	}
}

// headExempt are the GET routes that need not answer HEAD: the sign-in and
// signed-in pages, /timezone, a form's action that stores the reader's
// choice rather than a resource a monitor would check, and the
// subscription forms and links (a HEAD must not confirm a subscription).
var headExempt = []string{"/login", "/auth/", "/manage", "/admin/", "/timezone", "/subscribe"}

// TestHeadOnEveryGetRoute: every public GET route of the whole server (the
// pages, the stackmon v1 and v2 APIs, the Statuspage files, the OpenAPI
// document), as Echo lists them, answers HEAD like GET without a body: the
// same status, Content-Type and Content-Length, plain and gzip. A new GET
// route without HEAD fails here.
func TestHeadOnEveryGetRoute(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	server := httptest.NewServer(site.server.Handler())
	t.Cleanup(server.Close)
	heads := map[string]bool{}
	var paths []string
	for _, route := range site.server.echo.Routes() {
		switch route.Method {
		case http.MethodHead:
			heads[route.Path] = true
		case http.MethodGet:
			if !slices.ContainsFunc(headExempt, func(prefix string) bool { return strings.HasPrefix(route.Path, prefix) }) {
				paths = append(paths, route.Path)
			}
		}
	}
	slices.Sort(paths)
	paths = slices.Compact(paths)
	if len(paths) < 30 {
		t.Fatalf("only %d GET routes listed: %v", len(paths), paths)
	}
	static := regexp.MustCompile(`/static/[0-9a-f]+/[^"]+`).FindString(body(t, site.get(t, "/")))
	if static == "" {
		t.Fatal("the overview links no static file")
	}
	samples := strings.NewReplacer(":id", strconv.FormatUint(uint64(site.open.ID), 10), ":slug", "ecs", ":index", "1", ":domain", "example.org", ":token", "unknown", "/badge/*", "/badge/ecs/eu-de.svg")
	for _, path := range paths {
		if !heads[path] {
			t.Errorf("GET %s has no HEAD route", path)
			continue
		}
		if path == "/brand/:name" {
			continue // served only when branding is configured: TestBrandFiles sends it HEAD
		}
		target := samples.Replace(path)
		if path == "/static/:hash/*" {
			target = static
		}
		if strings.ContainsAny(target, ":*") {
			t.Errorf("GET %s: the test has no sample for its parameters", path)
			continue
		}
		for _, encoding := range []string{"identity", "gzip"} {
			get := send(t, http.MethodGet, server.URL+target, encoding)
			head := send(t, http.MethodHead, server.URL+target, encoding)
			if head.status != get.status {
				t.Errorf("HEAD %s (%s) = %d, GET = %d", target, encoding, head.status, get.status)
			}
			if get.status == http.StatusMethodNotAllowed {
				continue // a path of other methods, refusing GET and HEAD alike, each named in its message
			}
			for _, name := range []string{"Content-Type", "Content-Length", "Content-Encoding"} {
				if got, want := head.header.Get(name), get.header.Get(name); got != want {
					t.Errorf("HEAD %s (%s): %s %q, GET has %q", target, encoding, name, got, want)
				}
			}
			if head.body != 0 {
				t.Errorf("HEAD %s (%s): body of %d bytes, want none", target, encoding, head.body)
			}
		}
	}
}

// sent is what the test compares of an answer.
type sent struct {
	status int
	header http.Header
	body   int
}

// send asks for target with the Accept-Encoding given, which also keeps the
// client from asking gzip for a GET (it never does for HEAD) and unzipping.
func send(t *testing.T, method, target, encoding string) sent {
	t.Helper()
	request, err := http.NewRequest(method, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	request.Header.Set("Accept-Encoding", encoding)
	response, err := http.DefaultTransport.RoundTrip(request)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer response.Body.Close()
	raw, err := io.ReadAll(response.Body)
	if err != nil {
		t.Fatalf("%s %s: read: %v", method, target, err)
	}
	return sent{status: response.StatusCode, header: response.Header, body: len(raw)}
}
