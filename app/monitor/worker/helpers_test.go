package worker_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"statusdash/app/store"
)

// fastClock runs speed times faster than the wall clock from base, so that
// the 10 s minimum interval passes in a fraction of a second. Its fields
// travel to worker processes in the environment.
type fastClock struct {
	base, start time.Time
	speed       float64
}

func newFastClock(speed float64) fastClock {
	now := time.Now()
	return fastClock{base: now, start: now, speed: speed}
}

func (c fastClock) Now() time.Time {
	return c.base.Add(time.Duration(float64(time.Since(c.start)) * c.speed))
}

// env encodes the clock for a worker process.
func (c fastClock) env() string {
	return fmt.Sprintf("%d,%d,%g", c.base.UnixNano(), c.start.UnixNano(), c.speed)
}

func parseFastClock(text string) (fastClock, error) {
	parts := strings.Split(text, ",")
	if len(parts) != 3 {
		return fastClock{}, fmt.Errorf("clock %q: want base,start,speed", text)
	}
	base, err1 := strconv.ParseInt(parts[0], 10, 64)
	start, err2 := strconv.ParseInt(parts[1], 10, 64)
	speed, err3 := strconv.ParseFloat(parts[2], 64)
	if err1 != nil || err2 != nil || err3 != nil {
		return fastClock{}, fmt.Errorf("clock %q: want numbers", text)
	}
	return fastClock{base: time.Unix(0, base), start: time.Unix(0, start), speed: speed}, nil
}

// target is a loopback HTTP server that answers 200 after delay and counts requests.
type target struct {
	url      string
	requests atomic.Int64
	inFlight atomic.Int64
	// held, while set, makes every answer wait until it is closed.
	held atomic.Pointer[chan struct{}]
}

// hold makes the target's answers wait until the returned release is called.
func (tg *target) hold() (release func()) {
	gate := make(chan struct{})
	tg.held.Store(&gate)
	var once sync.Once
	return func() {
		once.Do(func() {
			tg.held.Store(nil)
			close(gate)
		})
	}
}

func newTarget(t testing.TB, delay time.Duration) *target {
	t.Helper()
	tg := &target{}
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tg.requests.Add(1)
		tg.inFlight.Add(1)
		defer tg.inFlight.Add(-1)
		if delay > 0 {
			time.Sleep(delay)
		}
		if gate := tg.held.Load(); gate != nil {
			select {
			case <-*gate:
			case <-r.Context().Done():
			}
		}
		_, _ = w.Write([]byte("ok"))
	}))
	t.Cleanup(server.Close)
	tg.url = server.URL + "/health"
	return tg
}

// insertHTTPChecks writes n http checks of the target at the interval in
// bulk, around the store, as provisioning would: the worker's schedule
// sync gives them their slots.
func insertHTTPChecks(t testing.TB, s *store.Storage, n int, url string, interval time.Duration) {
	t.Helper()
	db := sqlDB(t, s)
	for first := 0; first < n; first += 500 {
		var rows []string
		for i := first; i < min(n, first+500); i++ {
			rows = append(rows, fmt.Sprintf("(1, 'http', '%s', %d)", url, int(interval/time.Second)))
		}
		if _, err := db.Exec("INSERT INTO checks (component_id, kind, target, interval_seconds) VALUES " + strings.Join(rows, ", ")); err != nil {
			t.Fatalf("insert checks: %v", err)
		}
	}
}

func sqlDB(t testing.TB, s *store.Storage) *sql.DB {
	t.Helper()
	db, err := s.SQL()
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// slotCounts reads how many results each (check, slot) has, by location.
type slotCounts struct {
	total, duplicates int
	perLocation       map[string]int
}

func countSlots(t testing.TB, s *store.Storage) slotCounts {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	db := sqlDB(t, s)
	counts := slotCounts{perLocation: map[string]int{}}
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT check_id, slot_at FROM check_results "+
		"GROUP BY check_id, slot_at HAVING COUNT(*) > 1) twice").Scan(&counts.duplicates); err != nil {
		t.Fatalf("count duplicate slots: %v", err)
	}
	rows, err := db.QueryContext(ctx, "SELECT location, COUNT(*) FROM check_results GROUP BY location")
	if err != nil {
		t.Fatalf("count results: %v", err)
	}
	defer rows.Close()
	for rows.Next() {
		var location string
		var n int
		if err := rows.Scan(&location, &n); err != nil {
			t.Fatal(err)
		}
		counts.perLocation[location] = n
		counts.total += n
	}
	return counts
}

// waitFor polls cond every 50 ms until it holds or the deadline passes.
func waitFor(t testing.TB, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s", within, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
