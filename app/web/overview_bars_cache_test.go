package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"statusdash/app/config"
	"statusdash/app/model"
)

// The overview keeps its bars' finalized days while the roll-ups'
// generation stands, and draws today's from the events at every build: a
// change of the day rows behind the store's back stays unseen, a moved
// generation or a new roll-up shows at once, and so does an incident of
// today with no roll-up at all.
func TestOverviewBarsKeptPerGeneration(t *testing.T) {
	site := newTestSite(t)
	// A data version that moves on at every read: every request builds.
	server, err := New(Deps{Config: config.Defaults(), Store: site.store, Versions: &movingVersion{}, Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	row := func(slug string) string {
		t.Helper()
		page := body(t, getFrom(t, server, "/"))
		start := strings.Index(page, `<a href="/services/`+slug+`#uptime-title">`)
		if start < 0 {
			t.Fatalf("the overview has no bars of %s", slug)
		}
		end := strings.Index(page[start:], "</li>")
		return page[start : start+end]
	}
	// The window's days start on 16 Dec 2025; 10 Feb 2026 is its 57th
	// (x = 56 × 4), 20 Feb its 67th, today (15 Mar) its 90th.
	feb10 := time.Date(2026, 2, 10, 0, 0, 0, 0, time.UTC)
	const feb10Bar, feb20Bar, todayBar = `"M224 10h3`, `M264 10h3`, `M356 10h3`
	steps := []struct {
		name   string
		change func(t *testing.T)
		slug   string
		want   []string
		unwant []string
	}{
		{"first build: an hour's outage on 10 Feb", func(*testing.T) {}, "ecs",
			[]string{`<path class="s3" d=` + feb10Bar}, []string{`class="n"`}},
		// The store reads the components' creation at every build, and
		// keeps the day rows per generation itself: the creation moved
		// behind its back shows whether the bars were kept.
		{"changes behind the store's back stay unseen", func(*testing.T) {
			site.rows.Exec("UPDATE components SET created_at = ? WHERE id IN (?, ?)", time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC),
				site.ecsDE.ID, site.ecsNL.ID)
			site.rows.Exec("UPDATE component_days SET outage_ns = ? WHERE component_id = ? AND day = ?",
				int64(30*time.Minute), site.ecsNL.ID, feb10.Unix()/(24*60*60))
		}, "ecs", []string{`<path class="s3" d=` + feb10Bar}, []string{`class="n"`, `class="s3 l"`}},
		{"a moved generation shows them", func(*testing.T) {
			site.rows.Exec("UPDATE rollup_generation SET generation = generation + 1 WHERE id = 1")
		}, "ecs", []string{`<path class="n" d="M0 10h187"/>`, `<path class="s3 l" d=` + feb10Bar}, []string{`class="s3"`}},
		{"a new roll-up shows a past day's incident", func(t *testing.T) {
			start := time.Date(2026, 2, 20, 8, 0, 0, 0, time.UTC)
			end := start.Add(3 * time.Hour)
			site.rows.Event(model.Event{Type: model.TypeIncident, Title: "Buckets gone", Impact: model.ImpactOutage,
				Status: model.StatusResolved, StartAt: start, EndAt: &end}, site.obsDE)
			if err := site.store.RebuildAvailability(context.Background(), testNow); err != nil {
				t.Fatalf("rebuild availability: %v", err)
			}
		}, "obs", []string{`<path class="s3" d="` + feb20Bar}, []string{todayBar}},
		{"today's bar comes from the events, with no roll-up", func(*testing.T) {
			start := testNow.Add(-3 * time.Hour)
			end := start.Add(2 * time.Hour)
			site.rows.Event(model.Event{Type: model.TypeIncident, Title: "Buckets gone again", Impact: model.ImpactOutage,
				Status: model.StatusResolved, StartAt: start, EndAt: &end}, site.obsDE)
		}, "obs", []string{`<path class="s3" d="` + feb20Bar + todayBar + `"/>`}, nil},
	}
	for _, step := range steps {
		step.change(t)
		got := row(step.slug)
		for _, want := range step.want {
			if !strings.Contains(got, want) {
				t.Errorf("%s: the %s row lacks %s:\n%s", step.name, step.slug, want, got)
			}
		}
		for _, unwanted := range step.unwant {
			if strings.Contains(got, unwanted) {
				t.Errorf("%s: the %s row has %s:\n%s", step.name, step.slug, unwanted, got)
			}
		}
	}
}

// Concurrent builds share the kept days safely (run with -race).
func TestOverviewBarsConcurrentBuilds(t *testing.T) {
	site := newTestSite(t)
	server, err := New(Deps{Config: config.Defaults(), Store: site.store, Versions: &movingVersion{}, Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	want := body(t, getFrom(t, server, "/?region=eu-de"))
	site.rows.Exec("UPDATE rollup_generation SET generation = generation + 1 WHERE id = 1")
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			target := "/?region=eu-de"
			if i%2 == 1 {
				target = "/"
			}
			response := getFrom(t, server, target)
			if response.StatusCode != http.StatusOK {
				t.Errorf("GET %s: status %d", target, response.StatusCode)
			}
		})
	}
	wg.Wait()
	if got := body(t, getFrom(t, server, "/?region=eu-de")); got != want {
		t.Errorf("the overview changed after concurrent builds")
	}
}

// getFrom sends a GET to server's handler.
func getFrom(t *testing.T, server *Server, target string) *http.Response {
	t.Helper()
	recorder := httptest.NewRecorder()
	server.Handler().ServeHTTP(recorder, httptest.NewRequest(http.MethodGet, target, nil))
	return recorder.Result()
}
