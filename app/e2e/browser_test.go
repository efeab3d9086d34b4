package e2e

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Variables that steer the browser tests.
const (
	requireBrowserVar = "SDB_TEST_REQUIRE_BROWSER"
	chromiumPathVar   = "SDB_TEST_CHROMIUM"
	chromePathVar     = "CHROME_PATH"
	defaultChromium   = "/usr/bin/chromium"
)

// browser is one headless Chromium shared by the subtests of a test; each
// page opens its own tab.
type browser struct {
	ctx context.Context // the browser's chromedp context; tabs derive from it
}

// chromiumPath finds the Chromium binary: SDB_TEST_CHROMIUM, CHROME_PATH,
// /usr/bin/chromium, then chromium or chromium-browser on PATH.
func chromiumPath() (string, error) {
	for _, name := range []string{chromiumPathVar, chromePathVar} {
		if path := os.Getenv(name); path != "" {
			if _, err := os.Stat(path); err != nil {
				return "", errors.New(name + " names " + path + ", which does not exist")
			}
			return path, nil
		}
	}
	if _, err := os.Stat(defaultChromium); err == nil {
		return defaultChromium, nil
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	return "", errors.New("no Chromium found: install it (apt-get install chromium) or set " + chromiumPathVar)
}

// startBrowser starts headless Chromium for the test and stops it at the
// end. Without Chromium the test is skipped, or fails when
// SDB_TEST_REQUIRE_BROWSER=1.
func startBrowser(t *testing.T) *browser {
	t.Helper()
	path, err := chromiumPath()
	if err != nil {
		if os.Getenv(requireBrowserVar) == "1" {
			t.Fatalf("%s=1 but %v", requireBrowserVar, err)
		}
		t.Skipf("skipping the browser test: %v (set %s=1 to make this a failure)", err, requireBrowserVar)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// The first Run starts the browser; it gets no timeout of its own, since
	// that would stop the whole browser when it expires.
	if _, err := chromedp.Run(ctx, chromedp.Title()); err != nil {
		t.Fatalf("start Chromium %s: %v", path, err)
	}
	return &browser{ctx: ctx}
}

// tab opens a new tab with JavaScript disabled, closed when the test ends.
func (b *browser) tab(t *testing.T) context.Context {
	t.Helper()
	tabCtx, cancel := chromedp.NewContext(b.ctx)
	t.Cleanup(cancel)
	if _, err := chromedp.Call(tabCtx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("disable JavaScript: %v", err)
	}
	ctx, cancelTimeout := context.WithTimeout(tabCtx, 20*time.Second)
	t.Cleanup(cancelTimeout)
	return ctx
}

// layout reports the page's scrollable content width and its viewport width, in CSS pixels.
func layout(ctx context.Context) (content, viewport float64, err error) {
	metrics, err := chromedp.Call(ctx, page.GetLayoutMetrics, cdp.Empty{})
	if err != nil {
		return 0, 0, err
	}
	return metrics.CSSContentSize.Width, float64(metrics.CSSLayoutViewport.ClientWidth), nil
}

// scriptProbe is a page whose script, if it ran, would change the paragraph.
// A data: URL carries no Content-Security-Policy, so only the browser's own
// setting can keep the script from running.
const scriptProbe = `data:text/html,<p id=probe>script did not run</p><script>document.getElementById('probe').textContent='script ran'</script>`

// assertJavaScriptOff fails the test unless scripts are really disabled in
// the tab, whatever the page under test sends.
func assertJavaScriptOff(t *testing.T, ctx context.Context) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(scriptProbe)); err != nil {
		t.Fatalf("open the script probe: %v", err)
	}
	got, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#probe")))
	if err != nil {
		t.Fatalf("read the script probe: %v", err)
	}
	if want := "script did not run"; got != want {
		t.Fatalf("JavaScript is enabled in the tab: probe says %q, want %q", got, want)
	}
}
