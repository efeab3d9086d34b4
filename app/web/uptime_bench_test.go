package web

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"statusdash/app/bootstrap"
	"statusdash/app/cache"
	"statusdash/app/config"
	"statusdash/app/model"
	"statusdash/app/store"
)

// otcPastEvents is the history `make bench` writes on the OTC catalog.
const otcPastEvents = 5000

// otcSite is a server on the OTC catalog (100 components) with the
// benchmark's 5,000 past events over three years and five open incidents,
// shaped as app/loadbench seeds them, whose data version moves on at every
// read: no page is ever served from the cache.
func otcSite(t testing.TB, now time.Time) http.Handler {
	t.Helper()
	ctx := context.Background()
	catalog, err := bootstrap.LoadFile(filepath.Join("..", "bootstrap", "testdata", "otc-production.yaml"), now)
	if err != nil {
		t.Fatalf("load catalog: %v", err)
	}
	spec := catalog.CatalogSpec
	random := rand.New(rand.NewPCG(2, 4))
	pick := func() []store.ComponentSpec {
		var chosen []store.ComponentSpec
		for _, i := range random.Perm(len(spec.Components))[:1+random.IntN(3)] {
			chosen = append(chosen, spec.Components[i])
		}
		return chosen
	}
	for i := range otcPastEvents {
		start := now.Add(-time.Duration(random.Int64N(int64(3 * 365 * 24 * time.Hour)))).Add(-time.Hour).Truncate(time.Minute)
		end := start.Add(time.Duration(10+random.IntN(480)) * time.Minute)
		event := store.EventSpec{Type: model.TypeIncident, Title: fmt.Sprintf("Incident %d", i), Impact: model.Impact(1 + random.IntN(3)),
			Status: model.StatusResolved, StartAt: start, EndAt: &end, Components: pick(),
			Updates: []store.UpdateSpec{{Status: model.StatusAnalysing, Text: "Looking.", At: start}, {Status: model.StatusResolved, Text: "Resolved.", At: end}}}
		if i%5 == 4 {
			event.Type, event.Impact, event.Status = model.TypeMaintenance, model.ImpactMaintenance, model.StatusCompleted
			event.Updates = []store.UpdateSpec{{Status: model.StatusCompleted, Text: "Done.", At: end}}
		}
		spec.Events = append(spec.Events, event)
	}
	for i := range 5 {
		start := now.Add(-time.Duration(30+random.IntN(300)) * time.Minute).Truncate(time.Minute)
		spec.Events = append(spec.Events, store.EventSpec{Type: model.TypeIncident, Title: fmt.Sprintf("Open %d", i), Impact: model.Impact(1 + i%3),
			Status: model.StatusAnalysing, StartAt: start, Components: pick(),
			Updates: []store.UpdateSpec{{Status: model.StatusDetected, Text: "Errors.", At: start}}})
	}
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "otc.db"))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if _, err := s.MigrateUp(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	if _, err := s.ProvisionCatalog(ctx, store.BootstrapActor, spec, now); err != nil {
		t.Fatalf("provision: %v", err)
	}
	server, err := New(Deps{Config: config.Defaults(), Store: s, Versions: &movingVersion{}, Cache: cache.NewMemory(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return now }})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	return server.Handler()
}

// movingVersion is a data version that moves on at every read, as if a
// write had landed before each request.
type movingVersion struct{ version atomic.Int64 }

func (v *movingVersion) DataVersion(context.Context) (int64, error) { return v.version.Add(1), nil }

// overviewBudget is the most HTML the overview may weigh with its bars.
const overviewBudget = 60 << 10

// The overview of the OTC catalog with 5,000 past events, its 90-day bars
// included, stays under 60 KB of HTML, all regions and one.
func TestOverviewWithBarsStaysSmall(t *testing.T) {
	handler := otcSite(t, time.Now().UTC().Truncate(time.Second))
	for _, target := range []string{"/", "/?region=eu-de"} {
		recorder := httptest.NewRecorder()
		handler.ServeHTTP(recorder, httptest.NewRequest(http.MethodGet, target, nil))
		page := recorder.Body.String()
		if recorder.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", target, recorder.Code)
		}
		if got := strings.Count(page, `<svg class="bars"`); got != 50 {
			t.Errorf("GET %s: %d rows of bars, want one per service (50)", target, got)
		}
		if len(page) > overviewBudget {
			t.Errorf("GET %s: %d bytes of HTML, want at most %d", target, len(page), overviewBudget)
		}
		t.Logf("GET %s: %d bytes of HTML, %d bars with their own link", target, len(page), strings.Count(page, "<a href=\"/history?"))
	}
}

// BenchmarkUncachedOverviewOTC builds the overview of the OTC catalog with
// 5,000 past events uncached, as a request after a write does: reads,
// bars, rendering and gzip. It reports the HTML's bytes, and the p50 of
// the builds, as `make bench` and app/loadbench give it.
func BenchmarkUncachedOverviewOTC(b *testing.B) {
	handler := otcSite(b, time.Now().UTC().Truncate(time.Second))
	request := httptest.NewRequest(http.MethodGet, "/", nil)
	request.Header.Set("Accept-Encoding", "gzip")
	recorder := httptest.NewRecorder()
	handler.ServeHTTP(recorder, request)
	gzipBytes := recorder.Body.Len()
	gz, err := gzip.NewReader(recorder.Body)
	if err != nil {
		b.Fatal(err)
	}
	html, err := io.ReadAll(gz)
	if err != nil {
		b.Fatal(err)
	}
	durations := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		writer := &discardWriter{header: make(http.Header)}
		started := time.Now()
		handler.ServeHTTP(writer, request)
		durations = append(durations, time.Since(started))
		if writer.status != http.StatusOK {
			b.Fatalf("status %d", writer.status)
		}
	}
	b.StopTimer()
	slices.Sort(durations)
	b.ReportMetric(float64(durations[len(durations)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(len(html)), "html-bytes")
	b.ReportMetric(float64(gzipBytes), "gzip-bytes")
}
