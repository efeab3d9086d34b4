package statuspage

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"statusdash/app/cache"
	"statusdash/app/store/storetest"
)

// fixedVersion stands for a version source that answers from memory.
type fixedVersion int64

func (v fixedVersion) DataVersion(context.Context) (int64, error) { return int64(v), nil }

// BenchmarkSummaryCached measures a cached summary.json, gzip accepted:
// with the data version read from the SQLite store through cache.Fresh (one
// query per request, shared by concurrent ones) and from memory (the
// handler's own cost: a map hit and the stored bytes).
func BenchmarkSummaryCached(b *testing.B) {
	s := storetest.OpenSQLite(b)
	provision(b, s)
	c := &clock{now: testNow}
	for _, tt := range []struct {
		name     string
		versions cache.VersionSource
	}{
		{"store-version", s},
		{"memory-version", fixedVersion(1)},
	} {
		b.Run(tt.name, func(b *testing.B) {
			e := echo.New()
			New(Deps{Store: s, Versions: tt.versions, Now: c.Now}).Register(e)
			benchmarkGet(b, e, "/api/v2/summary.json")
		})
	}
}

func benchmarkGet(b *testing.B, e *echo.Echo, path string) {
	warm := httptest.NewRecorder()
	e.ServeHTTP(warm, httptest.NewRequest(http.MethodGet, path, nil))
	if warm.Code != http.StatusOK {
		b.Fatalf("status %d", warm.Code)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			request := httptest.NewRequest(http.MethodGet, path, nil)
			request.Header.Set("Accept-Encoding", "gzip")
			recorder := httptest.NewRecorder()
			e.ServeHTTP(recorder, request)
			if recorder.Code != http.StatusOK {
				b.Fatalf("status %d", recorder.Code)
			}
		}
	})
}
