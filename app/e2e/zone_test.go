package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestE2ETimeZoneForm picks a time zone with the footer's form (a POST),
// with JavaScript off: the history's times then carry that zone, and the
// form shows it chosen.
func TestE2ETimeZoneForm(t *testing.T) {
	b := startBrowser(t)
	site := startSite(t)
	ctx := b.tab(t)
	assertJavaScriptOff(t, ctx)

	open(t, ctx, site.url+"/history")
	if body := text(t, ctx, "main"); !strings.Contains(body, "UTC") {
		t.Fatalf("the history shows no UTC times before the choice: %.300s", body)
	}
	fill(t, ctx, "#tz", "Asia/Tokyo")
	submit(t, ctx, "Show times in this zone")
	if body := text(t, ctx, "main"); !strings.Contains(body, "JST") || strings.Contains(body, "UTC") {
		t.Errorf("after choosing Asia/Tokyo the history's times are not in JST: %.300s", body)
	}
	chosen, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#tz")))
	if err != nil || chosen != "Asia/Tokyo" {
		t.Errorf("the form shows %q chosen (%v), want Asia/Tokyo", chosen, err)
	}
}
