package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"statusdash/app/model"
	"statusdash/app/store"
)

// widths are the screens every public page must fit without sideways scrolling.
var widths = []int64{1280, 375}

// TestE2ENoHorizontalScroll opens every public page at 1280 and 375 px with
// JavaScript off, in English and in German (whose words run longer): none
// may be wider than the window.
func TestE2ENoHorizontalScroll(t *testing.T) {
	b := startBrowser(t)
	site := startSite(t)
	ctx := b.tab(t)
	open(t, ctx, site.url+"/")
	incident, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`a[href*="/incidents/"]`), "href"))
	if err != nil || !incident.Exists {
		t.Fatalf("no incident link on the overview: %v", err)
	}
	paths := []string{"/", "/?region=eu-nl", "/history", "/history?page=2", "/availability",
		"/availability?region=swiss", "/services/ecs", strings.TrimPrefix(incident.Value, site.url)}
	languages := []struct{ tag, submit string }{
		{"en", ""}, // the browser's default
		{"de", "Show pages in this language"},
	}
	for _, language := range languages {
		if language.submit != "" {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
				t.Fatal(err)
			}
			open(t, ctx, site.url+"/")
			fill(t, ctx, "#lang", language.tag)
			submit(t, ctx, language.submit)
		}
		for _, width := range widths {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800)); err != nil {
				t.Fatal(err)
			}
			for _, path := range paths {
				open(t, ctx, site.url+path)
				if got, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("html"), "lang")); err != nil || got.Value != language.tag {
					t.Fatalf("%s reads in %q (%v), want %q", path, got.Value, err, language.tag)
				}
				content, viewport, err := layout(ctx)
				if err != nil {
					t.Fatalf("layout metrics of %s: %v", path, err)
				}
				if content > viewport+0.5 {
					t.Errorf("%s (%s) at %d px: content is %v px wide in a %v px viewport: it scrolls sideways", path, language.tag, width, content, viewport)
				}
			}
		}
	}
}

// TestE2EBannerFollowsStatus: the banner's words, the <title> and the
// favicon say the page-wide status, named where it is narrow.
func TestE2EBannerFollowsStatus(t *testing.T) {
	b := startBrowser(t)
	withoutOpenIncidents := func(events []store.EventSpec) []store.EventSpec {
		var kept []store.EventSpec
		for _, event := range events {
			if event.Type != model.TypeIncident || event.EndAt != nil {
				kept = append(kept, event)
			}
		}
		return kept
	}
	withOutage := func(events []store.EventSpec) []store.EventSpec {
		// The load balancers of EU-NL, named as the catalog's own maintenance names them.
		var elbNL []store.ComponentSpec
		for _, event := range events {
			if event.Title == "Load balancer software upgrade" {
				elbNL = event.Components
			}
		}
		return append(events, store.EventSpec{
			Type: model.TypeIncident, Title: "Load balancers down in EU-NL", Impact: model.ImpactOutage, Status: model.StatusDetected,
			StartAt: time.Now().Add(-10 * time.Minute).UTC().Truncate(time.Minute), CreatedBy: "e2e",
			Components: elbNL,
			Updates:    []store.UpdateSpec{{Status: model.StatusDetected, Text: "Listeners do not answer.", At: time.Now().Add(-10 * time.Minute).UTC(), Author: "e2e"}},
		})
	}
	tests := []struct {
		name    string
		edit    func([]store.EventSpec) []store.EventSpec
		banner  string
		favicon string
	}{
		{"all well", withoutOpenIncidents, "All systems operational", "icons/operational.svg"},
		{"the sample's partial outage", nil, "Partial outage in EU-DE", "icons/major.svg"},
		{"an outage elsewhere wins", withOutage, "Major outage in EU-NL", "icons/outage.svg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := startSiteWith(t, tt.edit)
			for _, width := range widths {
				ctx := b.tab(t)
				if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800)); err != nil {
					t.Fatal(err)
				}
				open(t, ctx, site.url+"/")
				if got := strings.TrimSpace(text(t, ctx, ".banner h1")); got != tt.banner {
					t.Errorf("at %d px the banner says %q, want %q", width, got, tt.banner)
				}
				title, err := chromedp.Run(ctx, chromedp.Title())
				if err != nil || !strings.HasPrefix(title, tt.banner) {
					t.Errorf("title = %q (%v), want it to start with %q", title, err, tt.banner)
				}
				icon, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`link[rel="icon"]`), "href"))
				if err != nil || !strings.HasSuffix(icon.Value, tt.favicon) {
					t.Errorf("favicon = %q (%v), want …%s", icon.Value, err, tt.favicon)
				}
			}
		})
	}
}
