package e2e

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// updateScreenshotVar, when 1, writes the screenshots the README shows.
const updateScreenshotVar = "SDB_UPDATE_SCREENSHOT"

// TestE2EPublicPages drives the public pages in one headless Chromium with
// JavaScript disabled; each subtest uses a tab of its own.
func TestE2EPublicPages(t *testing.T) {
	b := startBrowser(t)
	site := startSite(t)

	t.Run("javascript is disabled", func(t *testing.T) {
		assertJavaScriptOff(t, b.tab(t))
	})

	t.Run("overview", func(t *testing.T) {
		ctx := b.tab(t)
		resp := open(t, ctx, site.url+"/")
		assertSecurityHeaders(t, resp)
		assertNoScript(t, ctx)
		body := text(t, ctx, "body")
		for _, want := range []string{
			"Partial outage",                  // the banner and the matrix: impact 2, in words
			"Operational",                     // the matrix, in words
			"Slow volume attachment in EU-DE", // the open incident
			"Elastic Cloud Server",            // a service row
			"EU-NL",                           // a region
		} {
			if !strings.Contains(body, want) {
				t.Errorf("overview lacks %q", want)
			}
		}
		if n := count(t, ctx, "table th"); n == 0 {
			t.Error("the matrix has no table headers")
		}
	})

	t.Run("incident page from the overview", func(t *testing.T) {
		ctx := b.tab(t)
		open(t, ctx, site.url+"/")
		link := `a[href*="/incidents/"]`
		resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(link)))
		if err != nil {
			t.Fatalf("click %s: %v", link, err)
		}
		if resp.Status != 200 {
			t.Fatalf("incident page status = %d, want 200", resp.Status)
		}
		location, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil || !regexp.MustCompile(`/incidents/\d+$`).MatchString(location) {
			t.Fatalf("after the click the location is %q (%v), want /incidents/<id>", location, err)
		}
		assertSecurityHeaders(t, resp)
		assertNoScript(t, ctx)
		body := text(t, ctx, "body")
		for _, want := range []string{
			"Slow volume attachment in EU-DE",
			"Monitoring reports slow volume attachments in EU-DE.", // the timeline, oldest
			"moving load to the standby controllers",               // and newest update
			"UTC",                                                  // times carry their zone
		} {
			if !strings.Contains(body, want) {
				t.Errorf("incident page lacks %q", want)
			}
		}
	})

	t.Run("history by month with pages", func(t *testing.T) {
		ctx := b.tab(t)
		resp := open(t, ctx, site.url+"/history")
		assertSecurityHeaders(t, resp)
		assertNoScript(t, ctx)
		body := text(t, ctx, "body")
		if !strings.Contains(body, "Object storage errors in EU-NL") {
			t.Error("history lacks the closed incident \"Object storage errors in EU-NL\"")
		}
		monthHeading := regexp.MustCompile(`(January|February|March|April|May|June|July|August|September|October|November|December) \d{4}`)
		if months := monthHeading.FindAllString(body, -1); len(uniq(months)) < 2 {
			t.Errorf("history shows month groups %q, want at least two", uniq(months))
		}
		next := `a[href*="page=2"]`
		if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(next))); err != nil {
			t.Fatalf("click the link to page 2 (%s): %v", next, err)
		}
		location, _ := chromedp.Run(ctx, chromedp.Location())
		if !strings.Contains(location, "page=2") {
			t.Errorf("after the click the location is %q, want page=2", location)
		}
		if body := text(t, ctx, "body"); !strings.Contains(body, "Past test incident") {
			t.Error("page 2 of the history lists none of the older incidents")
		}
	})

	// The README shows the overview and a service page at 1280 px.
	for _, shot := range []struct{ path, file string }{
		{"/", "screenshot.png"},
		{"/services/ecs", "screenshot-service.png"},
	} {
		t.Run("screenshot of "+shot.path+" at 1280 px", func(t *testing.T) {
			ctx := b.tab(t)
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
				t.Fatal(err)
			}
			open(t, ctx, site.url+shot.path)
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatalf("screenshot: %v", err)
			}
			path := filepath.Join(t.TempDir(), shot.file)
			if os.Getenv(updateScreenshotVar) == "1" {
				path = filepath.Join(repositoryRoot(t), "static", shot.file)
			}
			if err := os.WriteFile(path, png, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("screenshot of %s (%d bytes) in %s", shot.path, len(png), path)
		})
	}

	t.Run("no horizontal overflow at 320 px", func(t *testing.T) {
		ctx := b.tab(t)
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(320, 640)); err != nil {
			t.Fatal(err)
		}
		open(t, ctx, site.url+"/")
		incident, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`a[href*="/incidents/"]`), "href"))
		if err != nil || !incident.Exists {
			t.Fatalf("no incident link on the overview: %v", err)
		}
		for _, path := range []string{"/", "/history", incident.Value} {
			url := path
			if strings.HasPrefix(path, "/") {
				url = site.url + path
			}
			open(t, ctx, url)
			content, viewport, err := layout(ctx)
			if err != nil {
				t.Fatalf("layout metrics of %s: %v", path, err)
			}
			if viewport != 320 {
				t.Errorf("%s: viewport is %v px wide, want 320", path, viewport)
			}
			if content > viewport+0.5 {
				t.Errorf("%s: content is %v px wide in a %v px viewport: it scrolls sideways", path, content, viewport)
			}
		}
	})
}

// open navigates the tab to url and fails the test unless it answers 200.
func open(t *testing.T, ctx context.Context, url string) *network.Response {
	t.Helper()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	if resp.Status != 200 {
		t.Fatalf("open %s: status %d, want 200", url, resp.Status)
	}
	return resp
}

// text is the rendered text of the first element matching the CSS selector.
func text(t *testing.T, ctx context.Context, selector string) string {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(selector)))
	if err != nil {
		t.Fatalf("read %s: %v", selector, err)
	}
	return got
}

// count is the number of elements matching the CSS selector, zero included.
func count(t *testing.T, ctx context.Context, selector string) int {
	t.Helper()
	nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll(selector), chromedp.AtLeast(0)))
	if err != nil {
		t.Fatalf("find %s: %v", selector, err)
	}
	return len(nodes)
}

var eventHandlerAttribute = regexp.MustCompile(`(?i)\son[a-z]+\s*=`)

// assertNoScript checks the page has no script element, event handler
// attribute or javascript: URL.
func assertNoScript(t *testing.T, ctx context.Context) {
	t.Helper()
	if n := count(t, ctx, "script"); n != 0 {
		t.Errorf("the page has %d <script> elements, want none", n)
	}
	html, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("html")))
	if err != nil {
		t.Fatalf("read the page: %v", err)
	}
	if m := eventHandlerAttribute.FindString(html); m != "" {
		t.Errorf("the page has an event handler attribute %q", m)
	}
	if strings.Contains(strings.ToLower(html), "javascript:") {
		t.Error("the page has a javascript: URL")
	}
}

// assertSecurityHeaders checks the CSP allows no script and the other headers are set.
func assertSecurityHeaders(t *testing.T, resp *network.Response) {
	t.Helper()
	csp := header(resp, "Content-Security-Policy")
	if csp == "" {
		t.Fatal("no Content-Security-Policy header")
	}
	for _, want := range []string{"default-src 'none'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "script-src") && !strings.Contains(csp, "script-src 'none'") {
		t.Errorf("Content-Security-Policy %q allows scripts", csp)
	}
	if got := header(resp, "X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options = %q, want nosniff", got)
	}
}

// header reads a response header whatever its case.
func header(resp *network.Response, name string) string {
	for key, value := range resp.Headers {
		if strings.EqualFold(key, name) {
			if s, ok := value.(string); ok {
				return s
			}
		}
	}
	return ""
}

func uniq(values []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range values {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
