package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkOverviewBuild measures building the overview uncached: the
// store's reads and the rendering, in the reader's language.
func BenchmarkOverviewBuild(b *testing.B) {
	for _, header := range []string{"en-US,en;q=0.9", "de-DE,de;q=0.9"} {
		b.Run(header[:2], func(b *testing.B) {
			site := newTestSite(b)
			request := httptest.NewRequest(http.MethodGet, "/", nil)
			request.Header.Set("Accept-Language", header)
			c := site.server.echo.NewContext(request, httptest.NewRecorder())
			req, err := site.server.newPageRequest(c, "region")
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := site.server.buildPage(c, &req, site.server.buildOverview); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
