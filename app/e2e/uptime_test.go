package e2e

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"statusdash/app/monitor/probe"
	"statusdash/app/store"
)

// TestE2EUptimeBarsAndResponseTimes: the overview's 90-day bars and a
// service page's bars per region and response-time chart render with
// JavaScript off at 1280 and 375 px, without sideways scrolling; every
// bar has text; a component created today has no bar before today.
func TestE2EUptimeBarsAndResponseTimes(t *testing.T) {
	b := startBrowser(t)
	site := startSite(t)
	ctx := context.Background()
	now := time.Now().UTC()
	// A service that begins today, with no history.
	if _, err := site.store.CreateComponent(ctx, store.BootstrapActor, store.NewComponent{Name: "Bar Chart Service", Type: "barchart",
		Region: "EU-DE", Category: "Compute"}, now); err != nil {
		t.Fatalf("create a component: %v", err)
	}
	tree, err := site.store.ReadCatalog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ecs, err := tree.ServiceBySlug("ecs")
	if err != nil {
		t.Fatal(err)
	}
	monitored := tree.ComponentsOf(ecs.ID)[0]
	addCheckHistory(t, site.store, monitored.ID, now)

	for _, width := range []int64{1280, 375} {
		tab := b.tab(t)
		if err := chromedp.Do(tab, chromedp.EmulateViewport(width, 900)); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/", "/?region=eu-de", "/services/ecs", "/services/barchart"} {
			open(t, tab, site.url+path)
			assertNoScript(t, tab)
			content, viewport, err := layout(tab)
			if err != nil {
				t.Fatal(err)
			}
			if content > viewport+0.5 {
				t.Errorf("%d px, %s: content is %v px wide: it scrolls sideways", width, path, content)
			}
			rows := count(t, tab, "svg.bars")
			if rows == 0 {
				t.Errorf("%d px, %s: no uptime bars", width, path)
			}
			// Every bar has text: the overview's rows a summary, a service
			// page's days each a <title> in their link or image.
			if labelled := count(t, tab, `svg.bars[aria-label]`); labelled != rows {
				t.Errorf("%d px, %s: %d of %d rows of bars have a label", width, path, labelled, rows)
			}
			for _, selector := range []string{"svg.bars a", `svg.bars g[role="img"]`} {
				if all, titled := count(t, tab, selector), count(t, tab, selector+" > title"); all != titled {
					t.Errorf("%d px, %s: %d of %d %s have a title", width, path, titled, all, selector)
				}
			}
		}

		// The new service: every day before today is "no data", drawn apart.
		open(t, tab, site.url+"/services/barchart")
		if got := count(t, tab, `svg.bars path.u`); got != 1 {
			t.Errorf("%d px: the new service has %d runs of up bars, want one (today)", width, got)
		}
		d, err := chromedp.Run(tab, chromedp.AttributeValue(chromedp.CSS(`svg.bars path.u`), "d"))
		if err != nil || d.Value != "M356 10h3" {
			t.Errorf("%d px: the new service's up bar is %q (%v), want today's alone (M356 10h3)", width, d.Value, err)
		}
		if got := count(t, tab, `svg.bars g[role="img"] path.n`); got != 1 {
			t.Errorf("%d px: the new service has %d runs of no-data bars, want one", width, got)
		}
		if body := text(t, tab, "main"); !strings.Contains(body, "Uptime, last 90 days") {
			t.Errorf("%d px: the service page lacks its bars' heading", width)
		}

		// The monitored service: measured uptime and the chart with its table.
		open(t, tab, site.url+"/services/ecs")
		body := text(t, tab, "main")
		for _, want := range []string{"measured by checks", "Response times", "last 24 hours, per hour", "last 90 days, per day"} {
			if !strings.Contains(body, want) {
				t.Errorf("%d px: the service page lacks %q", width, want)
			}
		}
		if got := count(t, tab, "svg.chart__svg polyline.chart__p50"); got == 0 {
			t.Errorf("%d px: the response-time chart has no p50 line", width)
		}
		if got := count(t, tab, "figure.chart details table tbody tr"); got == 0 {
			t.Errorf("%d px: the chart's data table is empty", width)
		}
		box, err := chromedp.Run(tab, chromedp.Dimensions(chromedp.CSS("svg.chart__svg")))
		if err != nil || box.Width < 100 || box.Height < 30 {
			t.Errorf("%d px: the chart is drawn %vx%v px (%v), want a visible chart", width, box.Width, box.Height, err)
		}
	}

	// In German the figures carry a decimal comma, the chart's labels too.
	tab := b.tab(t)
	open(t, tab, site.url+"/services/ecs")
	fill(t, tab, "#lang", "de")
	submit(t, tab, "Show pages in this language")
	body := text(t, tab, "main")
	if !regexp.MustCompile(`\d,\d{3} % von Prüfungen gemessen`).MatchString(body) {
		t.Errorf("the German service page lacks a measured figure such as \"98,333 %% von Prüfungen gemessen\":\n%s", body)
	}
	if found := regexp.MustCompile(`\d+\.\d+ (?:%|ms|s)`).FindAllString(body, -1); len(found) > 0 {
		t.Errorf("the German service page writes numbers with a decimal point: %q", found)
	}
}

// addCheckHistory gives the component a check with a result every ten
// minutes over the last 30 hours, and rolls them up.
func addCheckHistory(t *testing.T, s *store.Storage, componentID uint, now time.Time) {
	t.Helper()
	ctx := context.Background()
	check, err := s.CreateCheck(ctx, store.BootstrapActor, store.NewCheck{ComponentID: componentID,
		Definition: probe.Definition{Kind: probe.KindHTTP, Target: "https://e2e.example.org/health", Interval: time.Minute}}, now.Add(-31*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var results []store.CheckResult
	for at := now.Add(-30 * time.Hour); at.Before(now); at = at.Add(10 * time.Minute) {
		outcome, latency := probe.OutcomeUp, time.Duration(40+at.Minute()+at.Hour()*3)*time.Millisecond
		if at.Hour() == 3 && at.Minute() < 30 {
			outcome = probe.OutcomeDown
		}
		results = append(results, store.CheckResult{CheckID: check.ID, Location: "local", StartedAt: at, Outcome: outcome, Latency: latency})
	}
	if err := s.AddCheckResults(ctx, results); err != nil {
		t.Fatal(err)
	}
	for range 10 {
		pass, err := s.RunCheckRetention(ctx, "e2e", store.RetentionPolicy{}, now.Add(2*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if !pass.More {
			break
		}
	}
}
