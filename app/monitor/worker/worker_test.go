package worker_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"statusdash/app/apiauth"
	"statusdash/app/monitor/probe"
	"statusdash/app/monitor/worker"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// testSpeed makes a 10 s interval pass in half a second.
const testSpeed = 20

// databaseURLs are a migrated SQLite file and, when configured, a migrated
// PostgreSQL database.
func databaseURLs(t *testing.T) map[string]string {
	urls := map[string]string{"sqlite": storetest.MigratedSQLitePath(t)}
	if os.Getenv(storetest.PostgresURLVar) != "" {
		urls["postgres"] = storetest.MigratedPostgresURL(t)
	}
	return urls
}

// startWorker runs a worker on its own connection to url until the
// returned stop is called; stop waits for it to write what it ran.
func startWorker(t *testing.T, url, location string, clock fastClock, decider worker.Decider) (stop func()) {
	t.Helper()
	stop, _ = startWorkerWithMetrics(t, url, location, clock, decider)
	return stop
}

// startWorkerWithMetrics is startWorker that also answers the worker's
// figures as /metrics would show them.
func startWorkerWithMetrics(t *testing.T, url, location string, clock fastClock, decider worker.Decider) (stop func(), figures func() string) {
	t.Helper()
	s := storetest.OpenWith(t, url, store.DefaultTimeouts())
	metrics := worker.NewMetrics(location)
	registry := prometheus.NewRegistry()
	registry.MustRegister(metrics.Collectors()...)
	figures = func() string {
		recorder := httptest.NewRecorder()
		promhttp.HandlerFor(registry, promhttp.HandlerOpts{}).ServeHTTP(recorder, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		return recorder.Body.String()
	}
	w, err := worker.New(s, worker.Options{Location: location, Now: clock.Now, PollInterval: 50 * time.Millisecond,
		Decider: decider, Metrics: metrics})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("worker %s: %v", location, err)
			}
		})
	}
	t.Cleanup(stop)
	return stop, figures
}

// Two workers on one database share the checks, and every slot runs once;
// every run's result is written.
func TestTwoWorkersRunEachSlotOnce(t *testing.T) {
	for name, url := range databaseURLs(t) {
		t.Run(name, func(t *testing.T) {
			s := storetest.OpenWith(t, url, store.DefaultTimeouts())
			storetest.SeedComponent(t, s)
			tg := newTarget(t, 0)
			insertHTTPChecks(t, s, 40, tg.url, probe.MinInterval)
			clock := newFastClock(testSpeed)
			decider := &recordingDecider{}
			stopA, figures := startWorkerWithMetrics(t, url, "a", clock, decider)
			stopB := startWorker(t, url, "b", clock, nil)
			waitFor(t, 30*time.Second, "both workers to run at least three rounds", func() bool {
				counts := countSlots(t, s)
				return counts.perLocation["a"] >= 80 && counts.perLocation["b"] >= 80
			})
			stopA()
			stopB()
			counts := countSlots(t, s)
			if counts.duplicates != 0 {
				t.Errorf("%d slots ran more than once, want none", counts.duplicates)
			}
			if got := int(tg.requests.Load()); got != counts.total {
				t.Errorf("the target saw %d runs, the database holds %d results; want every run written", got, counts.total)
			}
			if got := decider.results(); got != counts.perLocation["a"] {
				t.Errorf("the decider saw %d results of worker a, want the %d it wrote", got, counts.perLocation["a"])
			}
			written := strconv.Itoa(counts.perLocation["a"])
			text := figures()
			for _, want := range []string{
				`statusdash_worker_checks_run_total{location="a"} ` + written,
				`statusdash_worker_results_written_total{location="a"} ` + written,
				`statusdash_worker_schedule_lag_seconds_count{location="a"} ` + written,
				`statusdash_worker_leases_held{location="a"} 0`,
			} {
				if !strings.Contains(text, want+"\n") {
					t.Errorf("worker a's figures lack %q", want)
				}
			}
		})
	}
}

// recordingDecider counts the results handed to it.
type recordingDecider struct {
	mu      sync.Mutex
	written int
}

func (d *recordingDecider) DecideRounds(_ context.Context, results []store.CheckResult, _ time.Time) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.written += len(results)
	return nil
}

func (d *recordingDecider) results() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.written
}

// A heartbeat whose last ping is older than its period and grace is down;
// one that pinged in time is up.
func TestWorkerEvaluatesHeartbeats(t *testing.T) {
	for name, url := range databaseURLs(t) {
		t.Run(name, func(t *testing.T) {
			s := storetest.OpenWith(t, url, store.DefaultTimeouts())
			storetest.SeedComponent(t, s)
			ctx := context.Background()
			clock := newFastClock(testSpeed)
			checks := map[string]uint{}
			for _, name := range []string{"late", "on time"} {
				check, err := s.CreateCheck(ctx, store.Actor{Subject: "test"}, store.NewCheck{ComponentID: 1,
					Definition:         probe.Definition{Kind: probe.KindHeartbeat, Interval: time.Hour},
					HeartbeatTokenHash: apiauth.HashToken(name)}, clock.Now().Add(-3*time.Hour))
				if err != nil {
					t.Fatal(err)
				}
				checks[name] = check.ID
			}
			if _, err := s.RecordHeartbeat(ctx, apiauth.HashToken("late"), clock.Now().Add(-2*time.Hour)); err != nil {
				t.Fatal(err)
			}
			if _, err := s.RecordHeartbeat(ctx, apiauth.HashToken("on time"), clock.Now()); err != nil {
				t.Fatal(err)
			}
			stop := startWorker(t, url, "local", clock, nil)
			var late, onTime []store.CheckResult
			waitFor(t, 30*time.Second, "a result of each heartbeat", func() bool {
				var err error
				late, err = s.CheckResults(ctx, checks["late"], time.Time{}, 1)
				if err != nil {
					t.Fatal(err)
				}
				onTime, err = s.CheckResults(ctx, checks["on time"], time.Time{}, 1)
				if err != nil {
					t.Fatal(err)
				}
				return len(late) > 0 && len(onTime) > 0
			})
			stop()
			if late[0].Outcome != probe.OutcomeDown || !strings.Contains(late[0].Reason, "no ping for") {
				t.Errorf("late heartbeat: %s %q, want down with no ping for ...", late[0].Outcome, late[0].Reason)
			}
			if onTime[0].Outcome != probe.OutcomeUp {
				t.Errorf("heartbeat on time: %s %q, want up", onTime[0].Outcome, onTime[0].Reason)
			}
		})
	}
}
