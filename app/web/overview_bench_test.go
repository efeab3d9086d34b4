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

// BenchmarkCachedOverviewAcceptLanguage is BenchmarkCachedOverviewWebOnly
// for a browser that sends Accept-Language: the language is chosen on
// every hit.
func BenchmarkCachedOverviewAcceptLanguage(b *testing.B) {
	site := newTestSite(b)
	version, err := site.store.DataVersion(b.Context())
	if err != nil {
		b.Fatalf("data version: %v", err)
	}
	site.server.versions = fixedVersion(version)
	handler := site.server.Handler()
	request := httptest.NewRequest(http.MethodGet, "/", nil)
	request.Header.Set("Accept-Encoding", "gzip")
	request.Header.Set("Accept-Language", "de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7")
	handler.ServeHTTP(httptest.NewRecorder(), request)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			writer := &discardWriter{header: make(http.Header)}
			handler.ServeHTTP(writer, request)
			if writer.status != http.StatusOK || writer.written == 0 {
				b.Fatalf("status %d, %d bytes", writer.status, writer.written)
			}
		}
	})
}
