package e2e

import (
	"testing"
)

// TestE2EPublicPages drives the public pages in one headless Chromium with
// JavaScript disabled; each subtest uses a tab of its own.
func TestE2EPublicPages(t *testing.T) {
	b := startBrowser(t)
	t.Run("javascript is disabled", func(t *testing.T) {
		assertJavaScriptOff(t, b.tab(t))
	})
}
