package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestE2ELanguageForm switches the subscribe page to German with the
// footer's language form and back to English, with JavaScript off: the
// choice lives in a cookie, the page (and its lang attribute) follows it.
func TestE2ELanguageForm(t *testing.T) {
	b := startBrowser(t)
	siteURL, _, _ := startSubscribeSite(t)
	ctx := b.tab(t)
	assertJavaScriptOff(t, ctx)

	open(t, ctx, siteURL+"/subscribe")
	assertLanguage(t, ctx, "en", "Subscribe to updates")
	fill(t, ctx, "#lang", "de")
	submit(t, ctx, "Show pages in this language")
	assertLanguage(t, ctx, "de", "Benachrichtigungen abonnieren")
	if got := text(t, ctx, `label[for="email"]`); got != "E-Mail-Adresse" {
		t.Errorf("the email label reads %q in German", got)
	}
	// The cookie stays: a page opened afresh is German too.
	open(t, ctx, siteURL+"/subscribe")
	assertLanguage(t, ctx, "de", "Benachrichtigungen abonnieren")
	fill(t, ctx, "#lang", "en")
	submit(t, ctx, "Seiten in dieser Sprache zeigen")
	assertLanguage(t, ctx, "en", "Subscribe to updates")
}

func assertLanguage(t *testing.T, ctx context.Context, lang, heading string) {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("html"), "lang"))
	if err != nil {
		t.Fatalf("read html lang: %v", err)
	}
	if got.Value != lang {
		t.Errorf("html lang = %q, want %q", got.Value, lang)
	}
	if got := text(t, ctx, "h1"); got != heading {
		t.Errorf("h1 = %q, want %q", got, heading)
	}
}
