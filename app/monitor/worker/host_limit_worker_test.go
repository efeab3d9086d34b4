package worker_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"statusdash/app/monitor/probe"
	"statusdash/app/monitor/worker"
	"statusdash/app/store/storetest"
)

// A host that does not answer holds at most PerHost runs; the checks of
// another host keep running meanwhile.
func TestSlowHostDoesNotStarveOthers(t *testing.T) {
	s := storetest.OpenSQLite(t)
	storetest.SeedComponent(t, s)
	release := make(chan struct{})
	var inFlight, most atomic.Int64
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := inFlight.Add(1)
		defer inFlight.Add(-1)
		for seen := most.Load(); now > seen && !most.CompareAndSwap(seen, now); seen = most.Load() {
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(slow.Close)
	stopHolding := sync.OnceFunc(func() { close(release) })
	t.Cleanup(stopHolding)
	fast := newTarget(t, 0)
	// The slow host is reached as localhost, the fast one as 127.0.0.1: two hosts.
	insertHTTPChecks(t, s, 20, strings.Replace(slow.URL, "127.0.0.1", "localhost", 1)+"/", probe.MinInterval)
	insertHTTPChecks(t, s, 5, fast.url, probe.MinInterval)

	const perHost = 2
	clock := newFastClock(testSpeed)
	w, err := worker.New(s, worker.Options{Location: "local", Now: clock.Now, PollInterval: 50 * time.Millisecond,
		Concurrency: 4, PerHost: perHost})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	waitFor(t, 30*time.Second, "the fast host's checks to run while the slow host holds its runs", func() bool {
		return fast.requests.Load() >= 5 && inFlight.Load() == perHost
	})
	cancel()
	if got := most.Load(); got > perHost {
		t.Errorf("the slow host had %d runs at once, want at most %d", got, perHost)
	}
	stopHolding() // the held runs end, and the worker can stop
	if err := <-done; err != nil {
		t.Errorf("worker: %v", err)
	}
	if counts := countSlots(t, s); counts.duplicates != 0 {
		t.Errorf("%d slots ran twice", counts.duplicates)
	}
}
