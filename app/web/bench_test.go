package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkCachedOverview measures a page-cache hit including the data
// version lookup on SQLite (the embedded default).
func BenchmarkCachedOverview(b *testing.B) {
	site := newTestSite(b)
	benchmarkOverviewHits(b, site.server.Handler())
}

// BenchmarkCachedOverviewWebOnly measures the same hit with a data version
// that costs nothing to read, leaving the web layer's share: routing,
// middleware, the page request and the headers.
func BenchmarkCachedOverviewWebOnly(b *testing.B) {
	site := newTestSite(b)
	version, err := site.store.DataVersion(context.Background())
	if err != nil {
		b.Fatalf("data version: %v", err)
	}
	site.server.versions = fixedVersion(version)
	benchmarkOverviewHits(b, site.server.Handler())
}

// fixedVersion is a data version source that never changes.
type fixedVersion int64

func (v fixedVersion) DataVersion(context.Context) (int64, error) { return int64(v), nil }

func benchmarkOverviewHits(b *testing.B, handler http.Handler) {
	request := httptest.NewRequest(http.MethodGet, "/", nil)
	request.Header.Set("Accept-Encoding", "gzip")
	handler.ServeHTTP(httptest.NewRecorder(), request)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			// A fresh header map per request, as net/http gives each one.
			writer := &discardWriter{header: make(http.Header)}
			handler.ServeHTTP(writer, request)
			if writer.status != http.StatusOK || writer.written == 0 {
				b.Fatalf("status %d, %d bytes", writer.status, writer.written)
			}
		}
	})
}

// discardWriter is a ResponseWriter that keeps the status and drops the
// body, so the benchmark counts the server's costs and not a recorder's
// (httptest.ResponseRecorder copies the headers and buffers the body).
type discardWriter struct {
	header  http.Header
	status  int
	written int
}

func (w *discardWriter) Header() http.Header { return w.header }

func (w *discardWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *discardWriter) Write(body []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	w.written += len(body)
	return len(body), nil
}
