package statuspage

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/cache"
	"statusdash/app/model"
	"statusdash/app/pagecache"
	"statusdash/app/store"
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

// BenchmarkSummaryBuild measures a miss (after every write): reading and
// encoding summary.json for 100 components and 5,000 past incidents.
func BenchmarkSummaryBuild(b *testing.B) {
	s := storetest.OpenSQLite(b)
	provisionLarge(b, s, 5000)
	a := New(Deps{Store: s, Now: (&clock{now: testNow}).Now})
	handler := a.showDocument("summary.json", buildSummary)
	e := echo.New()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		a.pages = pagecache.New(8) // every iteration misses
		recorder := httptest.NewRecorder()
		if err := handler(e.NewContext(httptest.NewRequest(http.MethodGet, "/api/v2/summary.json", nil), recorder)); err != nil || recorder.Code != http.StatusOK {
			b.Fatalf("status %d, %v", recorder.Code, err)
		}
	}
}

// provisionLarge writes 4 regions × 25 services (100 components) and the
// given number of closed incidents, one component each.
func provisionLarge(b *testing.B, s *store.Storage, incidents int) {
	spec := store.CatalogSpec{}
	for r := range 4 {
		spec.Regions = append(spec.Regions, store.RegionSpec{Name: fmt.Sprintf("EU-%d", r), Slug: fmt.Sprintf("eu-%d", r)})
	}
	for c := range 5 {
		slug := fmt.Sprintf("category-%d", c)
		spec.Categories = append(spec.Categories, store.CategorySpec{Name: fmt.Sprintf("Category %d", c), Slug: slug})
		for v := range 5 {
			service := fmt.Sprintf("svc-%d-%d", c, v)
			spec.Services = append(spec.Services, store.ServiceSpec{Name: "Service " + service, Slug: service, Category: slug})
			for _, region := range spec.Regions {
				spec.Components = append(spec.Components, store.ComponentSpec{Service: service, Region: region.Slug})
			}
		}
	}
	for i := range incidents {
		start := testNow.Add(-time.Duration(i+1) * 3 * time.Hour)
		end := start.Add(time.Hour)
		spec.Events = append(spec.Events, store.EventSpec{Type: model.TypeIncident, Title: fmt.Sprintf("Incident %d", i),
			Impact: model.Impact(1 + i%3), Status: model.StatusResolved, StartAt: start, EndAt: &end,
			Components: []store.ComponentSpec{spec.Components[i%len(spec.Components)]},
			Updates: []store.UpdateSpec{{Status: model.StatusDetected, Text: "Detected.", At: start},
				{Status: model.StatusResolved, Text: "Resolved.", At: end}}})
	}
	if _, err := s.ProvisionCatalog(context.Background(), store.BootstrapActor, spec, time.Now()); err != nil {
		b.Fatal(err)
	}
}
