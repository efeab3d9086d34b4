package worker_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/monitor/decide"
	"statusdash/app/monitor/probe"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// A target that goes down opens a system incident on its component through
// the worker and the decider together, and when it comes back the incident
// is resolved automatically: the whole path a check takes in serve.
func TestWorkerOpensAndResolvesIncidents(t *testing.T) {
	for name, url := range databaseURLs(t) {
		t.Run(name, func(t *testing.T) {
			var down atomic.Bool
			target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				if down.Load() {
					http.Error(w, "down for the test", http.StatusServiceUnavailable)
					return
				}
				_, _ = w.Write([]byte("ok"))
			}))
			t.Cleanup(target.Close)

			s := storetest.OpenWith(t, url, store.DefaultTimeouts())
			storetest.SeedComponent(t, s)
			clock := newFastClock(testSpeed)
			ctx := context.Background()
			check, err := s.CreateCheck(ctx, store.Actor{Subject: "test"}, store.NewCheck{ComponentID: 1,
				Definition: probe.Definition{Kind: probe.KindHTTP, Target: target.URL + "/health", Interval: 10 * time.Second}}, clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			decider := decide.New(decide.Deps{Store: storetest.OpenWith(t, url, store.DefaultTimeouts())})
			startWorker(t, url, "local", clock, decider)

			down.Store(true)
			opened := waitForEvent(t, s, clock, "a system incident", func(e *model.Event) bool {
				return e.Type == model.TypeIncident && e.System && e.EndAt == nil
			})
			if opened.Impact != model.ImpactOutage {
				t.Errorf("monitoring opened impact %d, want an outage (%d)", opened.Impact, model.ImpactOutage)
			}

			down.Store(false)
			deadline := time.Now().Add(30 * time.Second)
			for {
				event, err := s.ReadEvent(ctx, opened.ID)
				if err != nil {
					t.Fatal(err)
				}
				if event.EndAt != nil {
					last := event.Updates[len(event.Updates)-1].Text
					if !strings.Contains(last, "Resolved automatically") || !strings.Contains(last, "HTTP check") {
						t.Errorf("incident %d resolved with %q, want the automatic resolution of check %d", event.ID, last, check.ID)
					}
					return
				}
				if time.Now().After(deadline) {
					t.Fatalf("incident %d still open 30 s after the target came back", opened.ID)
				}
				time.Sleep(50 * time.Millisecond)
			}
		})
	}
}

// waitForEvent polls the component's open events until one matches, for
// at most 30 s of wall time.
func waitForEvent(t *testing.T, s *store.Storage, clock fastClock, what string, match func(*model.Event) bool) *model.Event {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		events, err := s.OpenEventsForComponent(ctx, 1, clock.Now())
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range events {
			if match(e) {
				return e
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %s on the component 30 s after the target went down", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
