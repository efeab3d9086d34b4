package web

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"statusdash/app/config"
)

// serverWith builds another server on the site's store with cfg changed.
func serverWith(t *testing.T, site *testSite, change func(cfg *config.Config)) *testSite {
	t.Helper()
	cfg := config.Defaults()
	cfg.BaseURL = "https://status.example.com"
	change(&cfg)
	server, err := New(Deps{Config: cfg, Store: site.store, Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	branded := *site
	branded.server = server
	return &branded
}

func TestEmbed(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	tests := []struct {
		target string
		status int
		want   []string
	}{
		{"/embed", http.StatusOK, []string{`<span class="health health--major">Partial outage</span>`,
			"1 open incident<", `href="https://status.example.com/" target="_blank" rel="noopener"`}},
		{"/embed?region=eu-nl", http.StatusOK, []string{`health--operational">EU-NL: All systems operational</span>`,
			`href="https://status.example.com/?region=eu-nl"`}},
		{"/embed?region=nope", http.StatusNotFound, []string{`There is no region &#34;nope&#34;.`}},
	}
	for _, tt := range tests {
		response := site.get(t, tt.target)
		content := body(t, response)
		if response.StatusCode != tt.status {
			t.Errorf("GET %s = %d, want %d", tt.target, response.StatusCode, tt.status)
		}
		for _, want := range tt.want {
			if !strings.Contains(content, want) {
				t.Errorf("GET %s lacks %s", tt.target, want)
			}
		}
		if tt.status == http.StatusOK && (strings.Contains(content, "<script") || strings.Contains(content, "site-header")) {
			t.Errorf("GET %s: want one line without scripts, header or footer", tt.target)
		}
	}
}

// Only /embed may be framed, by the sites SDB_EMBED_ANCESTORS names (any by
// default); every other page keeps frame-ancestors 'none' and X-Frame-Options.
func TestEmbedFraming(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	restricted := serverWith(t, site, func(cfg *config.Config) {
		cfg.EmbedAncestors = []string{"https://intranet.example.com", "https://*.example.org"}
	})
	closed := serverWith(t, site, func(cfg *config.Config) { cfg.EmbedAncestors = []string{"'none'"} })
	frameAncestors := regexp.MustCompile(`frame-ancestors ([^;]+)`)
	tests := []struct {
		name      string
		site      *testSite
		target    string
		ancestors string
		denied    bool
	}{
		{"default", site, "/embed", "*", false},
		{"default, a region", site, "/embed?region=eu-de", "*", false},
		{"named sites", restricted, "/embed", "https://intranet.example.com https://*.example.org", false},
		{"turned off", closed, "/embed", "'none'", false},
		{"the overview", restricted, "/", "'none'", true},
		{"a badge", restricted, "/badge/ecs.svg", "'none'", true},
		{"a service page", site, "/services/ecs", "'none'", true},
		{"a missing page", site, "/embed/more", "'none'", true},
	}
	for _, tt := range tests {
		response := tt.site.get(t, tt.target)
		policy := response.Header.Get("Content-Security-Policy")
		match := frameAncestors.FindStringSubmatch(policy)
		if match == nil || match[1] != tt.ancestors {
			t.Errorf("%s: GET %s: CSP %q, want frame-ancestors %s", tt.name, tt.target, policy, tt.ancestors)
		}
		if !strings.Contains(policy, "default-src 'none'") || strings.Contains(policy, "script-src") {
			t.Errorf("%s: GET %s: CSP %q, want the pages' policy without script sources", tt.name, tt.target, policy)
		}
		if got := response.Header.Get("X-Frame-Options"); (got == "DENY") != tt.denied {
			t.Errorf("%s: GET %s: X-Frame-Options %q, want DENY %v", tt.name, tt.target, got, tt.denied)
		}
	}
	// A page requiring COEP may frame it too.
	embed := site.get(t, "/embed")
	if corp, coep := embed.Header.Get("Cross-Origin-Resource-Policy"), embed.Header.Get("Cross-Origin-Embedder-Policy"); corp != "cross-origin" || coep != "require-corp" {
		t.Errorf("GET /embed: Cross-Origin-Resource-Policy %q, Cross-Origin-Embedder-Policy %q; want cross-origin, require-corp", corp, coep)
	}
}

func TestBranding(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	instance := t.TempDir()
	logo := []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Example</title><rect width="10" height="10"/></svg>`)
	if err := os.WriteFile(filepath.Join(instance, "logo.svg"), logo, 0o600); err != nil {
		t.Fatal(err)
	}
	branded := serverWith(t, site, func(cfg *config.Config) {
		cfg.Title = "Example Cloud Status"
		cfg.InstanceDir = instance
		cfg.Logo = "logo.svg"
		cfg.LogoDark = "/assets/logo-dark.svg"
		cfg.AccentColor = "#7a1f5c"
		cfg.FooterLinks = []config.FooterLink{{Label: "Privacy", URL: "https://example.com/privacy"}, {Label: "Imprint", URL: "/imprint"}}
		cfg.Announcement = "We move to a new data centre on 5 December & 6 December."
	})
	for _, target := range []string{"/", "/history", "/services/ecs", "/no/such/page"} {
		content := body(t, branded.get(t, target))
		for _, want := range []string{
			"Example Cloud Status</a>",
			`<source srcset="/assets/logo-dark.svg" media="(prefers-color-scheme: dark)">`,
			`<li><a href="https://example.com/privacy">Privacy</a></li>`,
			`<li><a href="/imprint">Imprint</a></li>`,
			`<div class="announcement" role="note"><p class="wrap">We move to a new data centre on 5 December &amp; 6 December.</p></div>`,
		} {
			if !strings.Contains(content, want) {
				t.Errorf("GET %s lacks %s", target, want)
			}
		}
	}
	content := body(t, branded.get(t, "/"))
	logoURL := regexp.MustCompile(`<img class="brand__logo" src="(/brand/logo\?v=[0-9a-f]{12})" alt="" height="32">`).FindStringSubmatch(content)
	themeURL := regexp.MustCompile(`<link rel="stylesheet" href="(/brand/theme\.css\?v=[0-9a-f]{12})">`).FindStringSubmatch(content)
	if logoURL == nil || themeURL == nil {
		t.Fatalf("the overview links no logo or no theme:\n%s", content)
	}
	tests := []struct {
		target, contentType, cacheControl, contains string
	}{
		{logoURL[1], "image/svg+xml", "public, max-age=31536000, immutable", "<title>Example</title>"},
		{"/brand/logo", "image/svg+xml", "no-cache", "<title>Example</title>"},
		{themeURL[1], "text/css; charset=utf-8", "public, max-age=31536000, immutable", ":root { --brand: #7a1f5c; }"},
	}
	for _, tt := range tests {
		response := branded.get(t, tt.target, "Accept-Encoding: gzip")
		got := body(t, response)
		if response.StatusCode != http.StatusOK || response.Header.Get("Content-Type") != tt.contentType ||
			response.Header.Get("Cache-Control") != tt.cacheControl || !strings.Contains(got, tt.contains) {
			t.Errorf("GET %s = %d, %q, %q; want 200, %s, %s with %s", tt.target, response.StatusCode,
				response.Header.Get("Content-Type"), response.Header.Get("Cache-Control"), tt.contentType, tt.cacheControl, tt.contains)
		}
		etag := response.Header.Get("ETag")
		if again := branded.get(t, tt.target, "Accept-Encoding: gzip", "If-None-Match: "+etag); again.StatusCode != http.StatusNotModified {
			t.Errorf("GET %s with If-None-Match %s = %d, want 304", tt.target, etag, again.StatusCode)
		}
	}
	// The default site has none of it, and no /brand/ files.
	plain := body(t, site.get(t, "/"))
	if strings.Contains(plain, "/brand/") || strings.Contains(plain, "announcement") || strings.Contains(plain, "footer-links") {
		t.Errorf("the default overview shows branding")
	}
	if response := site.get(t, "/brand/logo"); response.StatusCode != http.StatusNotFound {
		t.Errorf("GET /brand/logo without a logo = %d, want 404", response.StatusCode)
	}
}

// TestBrandFiles: the files under /brand/ answer HEAD with GET's headers (the route
// is left out of TestHeadOnEveryGetRoute, whose site has no branding).
func TestBrandFiles(t *testing.T) {
	t.Parallel()
	site := serverWith(t, newTestSite(t), func(cfg *config.Config) { cfg.AccentColor = "#0b3d91" })
	for _, encoding := range []string{"identity", "gzip"} {
		get := site.get(t, "/brand/theme.css", "Accept-Encoding: "+encoding)
		request := httpRequest(http.MethodHead, "/brand/theme.css", encoding)
		head := site.serve(request)
		for _, name := range []string{"Content-Type", "Content-Encoding", "ETag", "Cache-Control"} {
			if head.Header().Get(name) != get.Header.Get(name) {
				t.Errorf("HEAD (%s): %s %q, GET has %q", encoding, name, head.Header().Get(name), get.Header.Get(name))
			}
		}
		if head.Code != http.StatusOK {
			t.Errorf("HEAD (%s) = %d, want 200", encoding, head.Code) // net/http drops the body of a HEAD
		}
	}
}

func httpRequest(method, target, encoding string) *http.Request {
	request := httptest.NewRequest(method, target, nil)
	request.Header.Set("Accept-Encoding", encoding)
	return request
}

func (site *testSite) serve(request *http.Request) *httptest.ResponseRecorder {
	recorder := httptest.NewRecorder()
	site.server.Handler().ServeHTTP(recorder, request)
	return recorder
}
