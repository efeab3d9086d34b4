package cli

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"statusdash/app/config"
	"statusdash/app/monitor/probe"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// serve runs a monitoring worker at location local unless
// SDB_MONITOR_WORKER is false; its figures join /metrics.
func TestServeRunsAMonitoringWorker(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		worker     string
		wantWorker bool
	}{
		{"by default", "", true},
		{"turned off", "false", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // an instance directory and a port of its own
			vars := embedded(t)
			vars["SDB_LISTEN"] = freeAddress(t)
			vars["SDB_MONITOR_WORKER"] = tt.worker
			cfg, err := (&environment{getenv: func(key string) string { return vars[key] }}).loadConfig()
			if err != nil {
				t.Fatal(err)
			}
			if err := config.EnsureSecretKey(&cfg); err != nil {
				t.Fatal(err)
			}
			target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
			t.Cleanup(target.Close)
			checkID := seedCheck(t, cfg, target.URL)

			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- serve(ctx, cfg, slog.New(slog.DiscardHandler)) }()
			metrics := get(t, "http://"+cfg.Listen+"/metrics")
			if got := strings.Contains(metrics, `statusdash_worker_checks_run_total{location="local"}`); got != tt.wantWorker {
				t.Errorf("/metrics has the local worker's figures: %v, want %v", got, tt.wantWorker)
			}
			if tt.wantWorker {
				waitForResult(t, cfg, checkID)
			}
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}
		})
	}
}

// seedCheck writes a component and an http check of url at the shortest
// interval; its first slot comes within the interval.
func seedCheck(t *testing.T, cfg config.Config, url string) uint {
	t.Helper()
	ctx := context.Background()
	s, err := openDatabase(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storetest.SeedComponent(t, s)
	check, err := s.CreateCheck(ctx, store.Actor{Subject: "test"}, store.NewCheck{ComponentID: 1,
		Definition: probe.Definition{Kind: probe.KindHTTP, Target: url + "/health", Interval: probe.MinInterval}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return check.ID
}

// waitForResult waits, at most 30 s, for a result of the check from location local.
func waitForResult(t *testing.T, cfg config.Config, checkID uint) {
	t.Helper()
	s, err := openStore(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		results, err := s.CheckResults(context.Background(), checkID, time.Time{}, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(results) > 0 {
			if results[0].Location != serveLocation || results[0].Outcome != probe.OutcomeUp {
				t.Errorf("result %+v, want up from %s", results[0], serveLocation)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("no result within 30 s")
		}
	}
}

// get fetches url, retrying for 20 s while nothing listens yet.
func get(t *testing.T, url string) string {
	t.Helper()
	client := &http.Client{Timeout: 5 * time.Second}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		response, err := client.Get(url)
		if err == nil {
			body, _ := io.ReadAll(response.Body)
			_ = response.Body.Close()
			return string(body)
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s: %v", url, err)
		}
	}
}

// freeAddress is a loopback address nothing listens on, for a server to take.
func freeAddress(t *testing.T) string {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close()
	return listener.Addr().String()
}
