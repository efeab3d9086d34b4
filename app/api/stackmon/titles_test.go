package stackmon_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// titleMarkup matches what the title below renders as when it is not escaped:
// a link to evil.example (plain or HTML-escaped, as feeds carry HTML) or bold text.
var titleMarkup = regexp.MustCompile(`href=[^ >]*evil\.example|(<|&lt;)strong(>|&gt;)Outage`)

// TestTitlesInUpdateTextsStayText: a v1 report's title written as Markdown
// is plain text in the heading, and stays plain text in the automatic update
// texts that quote it ("… added to <title>", "… moved to <title>"), on the
// pages and in the feeds.
func TestTitlesInUpdateTextsStayText(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newWebHarness(t, s)
		const title = "**Outage** [sign in](https://evil.example) www.evil.example"
		h.do(http.MethodPost, "/api/v1/component_status", h.v1JWT, report("Elastic Cloud Server", "EU-DE", 1, title)).expect(t, http.StatusCreated, "")
		h.do(http.MethodPost, "/api/v1/component_status", h.v1JWT, report("Elastic Cloud Server", "EU-NL", 1, title)).expect(t, http.StatusCreated, "")
		// A higher impact moves EU-DE into a new incident: both get a "moved" text naming the other's title.
		h.do(http.MethodPost, "/api/v1/component_status", h.v1JWT, report("Elastic Cloud Server", "EU-DE", 3, title)).expect(t, http.StatusCreated, "")
		for _, path := range []string{"/incidents/1", "/incidents/2", "/rss", "/atom", "/"} {
			page := h.page(path)
			if markup := titleMarkup.FindString(page); markup != "" {
				t.Errorf("GET %s holds %q: the title became markup", path, markup)
			}
		}
		page := h.page("/incidents/1")
		if !strings.Contains(page, "added to **Outage** [sign in](https://evil.example) www.evil.example") {
			t.Errorf("GET /incidents/1 does not show the title as text in its update texts")
		}
	})
}
