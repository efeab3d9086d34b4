package e2e

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// otherSite serves, from another origin, a page that shows statusdash's
// badges in <img> and frames its /embed line, as a wiki or intranet would.
// It requires CORP of what it embeds (COEP require-corp), so the badges and
// the frame load only if statusdash allows other origins.
func otherSite(t *testing.T, statusURL string) string {
	t.Helper()
	page := fmt.Sprintf(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Intranet</title></head><body>
<p><img id="status" src="%[1]s/badge/ecs.svg" alt="ECS status"></p>
<p><img id="uptime" src="%[1]s/badge/ecs/eu-de.svg?show=uptime" alt="ECS uptime in EU-DE"></p>
<p><img id="missing" src="%[1]s/badge/no-such-service.svg" alt="missing"></p>
<iframe id="embed" src="%[1]s/embed" title="Cloud status" width="375" height="90"></iframe>
<iframe id="overview" src="%[1]s/" title="Full status page" width="375" height="90"></iframe>
</body></html>`, statusURL)
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cross-Origin-Embedder-Policy", "require-corp")
		_, _ = io.WriteString(w, page)
	}))
	t.Cleanup(server.Close)
	return server.URL
}

// badgeWidth fetches a badge and reads the width it declares.
func badgeWidth(t *testing.T, url string) float64 {
	t.Helper()
	response, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer response.Body.Close()
	var svg struct {
		Width float64 `xml:"width,attr"`
	}
	if err := xml.NewDecoder(response.Body).Decode(&svg); err != nil {
		t.Fatalf("GET %s: not SVG: %v", url, err)
	}
	return svg.Width
}

func TestE2EBadgesAndEmbed(t *testing.T) {
	b := startBrowser(t)
	status := startSite(t)
	other := otherSite(t, status.url)

	t.Run("badges render in an img on another site", func(t *testing.T) {
		ctx := b.tab(t)
		open(t, ctx, other+"/")
		for id, path := range map[string]string{"status": "/badge/ecs.svg", "uptime": "/badge/ecs/eu-de.svg?show=uptime",
			"missing": "/badge/no-such-service.svg"} {
			box, err := chromedp.Run(ctx, chromedp.Dimensions(chromedp.CSS("#"+id)))
			if err != nil {
				t.Fatalf("measure #%s: %v", id, err)
			}
			// A loaded badge takes its SVG's size; a blocked or broken one
			// shows its alternative text instead.
			if want := badgeWidth(t, status.url+path); float64(box.Width) != want || box.Height != 20 {
				t.Errorf("badge #%s is %d x %d px, want %v x 20: it did not load", id, box.Width, box.Height, want)
			}
		}
	})

	t.Run("embed is framed by another site", func(t *testing.T) {
		ctx := b.tab(t)
		open(t, ctx, other+"/")
		frames, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS("#embed")))
		if err != nil || len(frames) != 1 {
			t.Fatalf("find the frame: %v", err)
		}
		tree, err := chromedp.Call(ctx, page.GetFrameTree, cdp.Empty{})
		if err != nil {
			t.Fatal(err)
		}
		// /embed loads in the frame; the overview, framed alike, is refused (frame-ancestors 'none').
		loaded := map[string]bool{}
		for _, child := range tree.FrameTree.ChildFrames {
			loaded[child.Frame.URL] = child.Frame.UnreachableURL == ""
			loaded[child.Frame.UnreachableURL] = child.Frame.UnreachableURL == ""
		}
		if !loaded[status.url+"/embed"] {
			t.Errorf("/embed did not load in another site's frame: %+v", loaded)
		}
		if loaded[status.url+"/"] {
			t.Errorf("the overview loaded in another site's frame, want it refused: %+v", loaded)
		}
		line, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".embed-line__status"), chromedp.FromNode(frames[0])))
		if err != nil {
			t.Fatalf("read the framed status line: %v", err)
		}
		if !strings.Contains(line, "Partial outage") && !strings.Contains(line, "partial outage") {
			t.Errorf("framed status line %q, want the page-wide status", line)
		}
	})

	t.Run("embed at 375 px", func(t *testing.T) {
		ctx := b.tab(t)
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 80)); err != nil {
			t.Fatal(err)
		}
		resp := open(t, ctx, status.url+"/embed")
		if got := header(resp, "X-Frame-Options"); got != "" {
			t.Errorf("/embed sends X-Frame-Options %q, want none", got)
		}
		assertNoScript(t, ctx)
		content, viewport, err := layout(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if viewport != 375 || content > viewport+0.5 {
			t.Errorf("/embed is %v px wide in a %v px viewport, want it to fit 375 px", content, viewport)
		}
		// The README's snippet frames it 80 px high.
		metrics, err := chromedp.Call(ctx, page.GetLayoutMetrics, cdp.Empty{})
		if err != nil {
			t.Fatal(err)
		}
		if height := metrics.CSSContentSize.Height; height > 80 {
			t.Errorf("/embed is %v px high at 375 px, want at most the 80 px of the README's snippet", height)
		}
		if line := text(t, ctx, ".embed-line"); !strings.Contains(line, "1 open incident") {
			t.Errorf("status line %q, want the open incident counted", line)
		}
		link, err := chromedp.Run(ctx, chromedp.Dimensions(chromedp.CSS(".embed-line__link")))
		if err != nil {
			t.Fatal(err)
		}
		if right := link.Content[0] + float64(link.Width); right > 375 {
			t.Errorf("the status page link ends at %v px, past the 375 px frame", right)
		}
	})
}
