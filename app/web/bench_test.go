package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkCachedOverview measures a page-cache hit including the data
// version lookup on SQLite (the embedded default).
func BenchmarkCachedOverview(b *testing.B) {
	site := newTestSite(b)
	handler := site.server.Handler()
	request := httptest.NewRequest(http.MethodGet, "/", nil)
	request.Header.Set("Accept-Encoding", "gzip")
	handler.ServeHTTP(httptest.NewRecorder(), request)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			recorder := httptest.NewRecorder()
			handler.ServeHTTP(recorder, request)
			if recorder.Code != http.StatusOK {
				b.Fatalf("status %d", recorder.Code)
			}
		}
	})
}
