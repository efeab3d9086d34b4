package web

import (
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"statusdash/app/config"
	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/fixture"
)

var testNow = time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)

// testSite is a server on a fresh SQLite database with a small catalog and
// events, and a fixture writing to the same file.
type testSite struct {
	server *Server
	store  *store.Storage
	rows   *fixture.Builder
	// Named rows for assertions.
	ecsDE, ecsNL, obsDE   *model.Component
	open, planned, closed *model.Event
}

func newTestSite(t testing.TB) *testSite {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "web.db")
	s, err := store.Open(ctx, path)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if _, err := s.MigrateUp(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	site := &testSite{store: s, rows: fixture.New(t, fixture.OpenSQLite(t, path))}
	b := site.rows
	de, nl := b.Region("EU-DE", "eu-de", 1), b.Region("EU-NL", "eu-nl", 2)
	compute, storage := b.Category("Compute", "compute", 1), b.Category("Storage", "storage", 2)
	ecs := b.Service(compute, "Elastic Cloud Server", "ecs", 1)
	obs := b.Service(storage, "Object Storage", "obs", 1)
	site.ecsDE, site.ecsNL, site.obsDE = b.Component(ecs, de), b.Component(ecs, nl), b.Component(obs, de)
	// The catalog exists since June 2025: the availability page has no data before.
	b.Exec("UPDATE components SET created_at = ?", time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC))
	site.open = b.Event(model.Event{Type: model.TypeIncident, Title: "Volumes are slow", Description: "Disk **latency** is high.",
		Impact: model.ImpactMajor, StartAt: testNow.Add(-2 * time.Hour)}, site.ecsDE)
	b.Update(site.open, model.StatusDetected, "We are investigating slow volumes.", testNow.Add(-2*time.Hour))
	b.Update(site.open, model.StatusFixing, "A fix is being *rolled out*.", testNow.Add(-time.Hour))
	end := testNow.Add(26 * time.Hour)
	site.planned = b.Event(model.Event{Type: model.TypeMaintenance, Title: "Network upgrade", Impact: model.ImpactMaintenance,
		Status: model.StatusPlanned, StartAt: testNow.Add(24 * time.Hour), EndAt: &end}, site.obsDE)
	closedEnd := time.Date(2026, 2, 10, 9, 0, 0, 0, time.UTC)
	site.closed = b.Event(model.Event{Type: model.TypeIncident, Title: "Login failures", Impact: model.ImpactOutage,
		Status: model.StatusResolved, StartAt: time.Date(2026, 2, 10, 8, 0, 0, 0, time.UTC), EndAt: &closedEnd}, site.ecsNL)
	b.Update(site.closed, model.StatusResolved, "Logins work again.", closedEnd)
	b.BumpVersion()
	// The rows went in around the store's writes: build the availability roll-ups.
	if err := s.RebuildAvailability(ctx, testNow); err != nil {
		t.Fatalf("rebuild availability: %v", err)
	}

	cfg := config.Defaults()
	cfg.BaseURL = "https://status.example.com"
	server, err := New(Deps{Config: cfg, Store: s, Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	site.server = server
	return site
}

// get sends a GET with optional headers as "Name: value" strings.
func (site *testSite) get(t *testing.T, target string, headers ...string) *http.Response {
	t.Helper()
	request := httptest.NewRequest(http.MethodGet, target, nil)
	for _, header := range headers {
		name, value, _ := strings.Cut(header, ": ")
		request.Header.Set(name, value)
	}
	recorder := httptest.NewRecorder()
	site.server.Handler().ServeHTTP(recorder, request)
	return recorder.Result()
}

// body reads a response body, gunzipping when needed.
func body(t *testing.T, response *http.Response) string {
	t.Helper()
	reader := io.Reader(response.Body)
	if response.Header.Get("Content-Encoding") == "gzip" {
		gz, err := gzip.NewReader(response.Body)
		if err != nil {
			t.Fatalf("gunzip: %v", err)
		}
		reader = gz
	}
	content, err := io.ReadAll(reader)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return string(content)
}
