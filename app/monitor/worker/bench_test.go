package worker_test

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"statusdash/app/monitor/probe"
	"statusdash/app/monitor/worker"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// The throughput benchmark runs only when asked (make bench sets it): it
// takes a fixed time, whatever b.N.
const (
	benchVar         = "SDB_BENCH_WORKER"
	benchDurationVar = "SDB_BENCH_WORKER_DURATION"
	benchChecksVar   = "SDB_BENCH_WORKER_CHECKS"
)

// BenchmarkWorkerThroughput runs workers against http checks of a loopback
// Go server at the minimum interval (10 s) for a fixed time (30 s, or
// SDB_BENCH_WORKER_DURATION), results going to the database: one worker on
// SQLite and on PostgreSQL, then two worker processes on PostgreSQL. It
// reports checks a minute, the scheduling lag (p50, p99), rows and bytes
// written per check and day, slots run twice, sockets in TIME_WAIT, the
// cores used (cpuTime) and the load average.
func BenchmarkWorkerThroughput(b *testing.B) {
	if os.Getenv(benchVar) == "" {
		b.Skipf("set %s=1 (make bench does) to run the worker throughput benchmark", benchVar)
	}
	duration := 30 * time.Second
	if text := os.Getenv(benchDurationVar); text != "" {
		d, err := time.ParseDuration(text)
		if err != nil {
			b.Fatalf("%s: %v", benchDurationVar, err)
		}
		duration = d
	}
	checks := 5000 // 500 a second at 10 s
	if text := os.Getenv(benchChecksVar); text != "" {
		if _, err := fmt.Sscan(text, &checks); err != nil {
			b.Fatalf("%s: %v", benchChecksVar, err)
		}
	}
	urls := map[string]func(b *testing.B) string{
		"sqlite": func(b *testing.B) string { return filepath.Join(b.TempDir(), "statusdash.db") },
	}
	if os.Getenv(storetest.PostgresURLVar) != "" {
		urls["postgres"] = func(b *testing.B) string { return storetest.PostgresDatabaseURL(b) }
	}
	for _, name := range []string{"sqlite", "postgres"} {
		databaseURL, ok := urls[name]
		if !ok {
			continue
		}
		b.Run(name+"/one worker", func(b *testing.B) {
			runThroughput(b, databaseURL(b), checks, duration, func(url string, stop <-chan struct{}) {
				s, err := store.OpenWith(context.Background(), url, store.DefaultTimeouts())
				if err != nil {
					b.Error(err)
					return
				}
				defer s.Close()
				logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
				w, err := worker.New(s, worker.Options{Location: "bench", Logger: logger})
				if err != nil {
					b.Error(err)
					return
				}
				ctx, cancel := context.WithCancel(context.Background())
				go func() { <-stop; cancel() }()
				_ = w.Run(ctx)
			})
		})
		if name == "postgres" {
			b.Run(name+"/two worker processes", func(b *testing.B) {
				runThroughput(b, databaseURL(b), checks, duration, func(url string, stop <-chan struct{}) {
					processes := []*workerProcess{startWorkerProcess(b, url, "bench-a", nil), startWorkerProcess(b, url, "bench-b", nil)}
					<-stop
					for _, p := range processes {
						if err := p.signal(b, syscall.SIGTERM); err != nil {
							b.Errorf("worker process: %v", err)
						}
					}
				})
			})
		}
	}
}

// runThroughput seeds the checks, runs the workers for duration and reports.
func runThroughput(b *testing.B, url string, checks int, duration time.Duration, run func(url string, stop <-chan struct{})) {
	s := storetest.OpenWith(b, url, store.DefaultTimeouts())
	storetest.SeedComponent(b, s)
	tg := newTarget(b, 0)
	insertHTTPChecks(b, s, checks, tg.url, probe.MinInterval)
	sizeBefore := resultBytes(b, s)
	cpuBefore := cpuTime()
	b.ResetTimer()
	stop := make(chan struct{})
	done := make(chan struct{})
	started := time.Now()
	go func() {
		defer close(done)
		run(url, stop)
	}()
	time.Sleep(duration)
	timeWait := timeWaitSockets()
	close(stop)
	<-done
	elapsed := time.Since(started)
	cores := (cpuTime() - cpuBefore).Seconds() / elapsed.Seconds()
	b.StopTimer()

	lags := slotLags(b, s)
	counts := countSlots(b, s)
	bytesPerRow := 0.0
	if counts.total > 0 {
		bytesPerRow = float64(resultBytes(b, s)-sizeBefore) / float64(counts.total)
	}
	rowsPerCheckDay := float64(24*time.Hour) / float64(probe.MinInterval)
	b.ReportMetric(float64(counts.total)/elapsed.Minutes(), "checks/min")
	b.ReportMetric(percentile(lags, 0.50).Seconds()*1000, "lag-p50-ms")
	b.ReportMetric(percentile(lags, 0.99).Seconds()*1000, "lag-p99-ms")
	b.ReportMetric(rowsPerCheckDay, "rows/check/day")
	b.ReportMetric(bytesPerRow*rowsPerCheckDay, "bytes/check/day")
	b.ReportMetric(float64(counts.duplicates), "slots-twice")
	b.ReportMetric(float64(timeWait), "time-wait")
	b.ReportMetric(loadAverage(), "load1")
	b.ReportMetric(cores, "cores")
	if counts.duplicates != 0 {
		b.Errorf("%d slots ran twice, want none", counts.duplicates)
	}
	b.Logf("%d checks at %s for %s: %d results (%v), target saw %d requests",
		checks, probe.MinInterval, elapsed.Round(time.Millisecond), counts.total, counts.perLocation, tg.requests.Load())
}

// slotLags reads every result's start minus its slot, sorted.
func slotLags(b *testing.B, s *store.Storage) []time.Duration {
	rows, err := sqlDB(b, s).Query("SELECT slot_at, started_at FROM check_results")
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var lags []time.Duration
	for rows.Next() {
		var slot, started time.Time
		if err := rows.Scan(&slot, &started); err != nil {
			b.Fatal(err)
		}
		lags = append(lags, started.Sub(slot))
	}
	slices.Sort(lags)
	return lags
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(float64(len(sorted))*p))]
}

// resultBytes is the space check_results takes: its table and indexes on
// PostgreSQL, the whole file's pages on SQLite (nothing else grows).
func resultBytes(b *testing.B, s *store.Storage) int64 {
	var size int64
	query := "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
	if s.Dialect() == store.Postgres {
		query = "SELECT pg_total_relation_size('check_results')"
	}
	if err := sqlDB(b, s).QueryRow(query).Scan(&size); err != nil {
		b.Fatalf("result bytes: %v", err)
	}
	return size
}

// timeWaitSockets counts the machine's TCP sockets in TIME_WAIT (state 06).
func timeWaitSockets() int {
	count := 0
	for _, path := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		file, err := os.Open(path)
		if err != nil {
			continue
		}
		scanner := bufio.NewScanner(file)
		for scanner.Scan() {
			if fields := strings.Fields(scanner.Text()); len(fields) > 3 && fields[3] == "06" {
				count++
			}
		}
		_ = file.Close()
	}
	return count
}

// cpuTime is the CPU time this process and its ended children used: the
// worker, the target server and the database driver (SQLite runs in
// process; a PostgreSQL server's time is not counted).
func cpuTime() time.Duration {
	var total time.Duration
	for _, who := range []int{syscall.RUSAGE_SELF, syscall.RUSAGE_CHILDREN} {
		var usage syscall.Rusage
		if err := syscall.Getrusage(who, &usage); err == nil {
			total += time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
		}
	}
	return total
}

// loadAverage is the one-minute load average, 0 where unknown.
func loadAverage() float64 {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	var load float64
	_, _ = fmt.Sscan(strings.Fields(string(raw))[0], &load)
	return load
}
