package worker_test

import (
	"context"
	"os"
	"syscall"
	"testing"
	"time"

	"statusdash/app/monitor/probe"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// A worker process killed while its runs are in flight loses its leases
// when they end, and another worker takes every one of its checks over;
// no slot runs twice.
func TestKilledWorkerHandsItsChecksOver(t *testing.T) {
	if os.Getenv(storetest.PostgresURLVar) == "" {
		t.Skipf("%s is not set", storetest.PostgresURLVar)
	}
	url := storetest.PostgresDatabaseURL(t)
	s := storetest.OpenWith(t, url, store.DefaultTimeouts())
	seedComponent(t, s)
	// Each run takes a while, so that some are in flight at the kill.
	tg := newTarget(t, 100*time.Millisecond)
	const checks = 20
	insertHTTPChecks(t, s, checks, tg.url, probe.MinInterval)
	clock := newFastClock(testSpeed)

	dying := startWorkerProcess(t, url, "a", &clock)
	waitFor(t, 30*time.Second, "the first worker to write a round and have runs in flight", func() bool {
		return countSlots(t, s).perLocation["a"] >= checks && tg.inFlight.Load() > 0
	})
	if err := dying.signal(t, syscall.SIGKILL); err == nil {
		t.Fatal("the worker process ended cleanly, want it killed")
	}
	killedAt := clock.Now()
	leaseEnd := latestLease(t, s)
	before := countSlots(t, s)

	startWorker(t, url, "b", clock, nil)
	firstTaken := map[uint]time.Time{}
	waitFor(t, 30*time.Second, "the second worker to run every check", func() bool {
		firstTaken = firstSlots(t, s, "b")
		return len(firstTaken) == checks
	})
	after := countSlots(t, s)
	if after.duplicates != 0 {
		t.Errorf("%d slots ran twice, want none", after.duplicates)
	}
	if after.perLocation["a"] != before.perLocation["a"] {
		t.Errorf("the killed worker's results went from %d to %d, want no more", before.perLocation["a"], after.perLocation["a"])
	}
	var latest time.Time
	for _, slot := range firstTaken {
		if slot.After(latest) {
			latest = slot
		}
	}
	t.Logf("killed at %s; its leases ended by %s (%s later); the last check taken over had its slot at %s (%s after the kill)",
		killedAt.Format(time.TimeOnly), leaseEnd.Format(time.TimeOnly), leaseEnd.Sub(killedAt).Round(time.Millisecond),
		latest.Format(time.TimeOnly), latest.Sub(killedAt).Round(time.Millisecond))
}

// latestLease is when the last lease held in the schedule ends.
func latestLease(t *testing.T, s *store.Storage) time.Time {
	t.Helper()
	var ms int64
	if err := sqlDB(t, s).QueryRow("SELECT COALESCE(MAX(lease_until_ms), 0) FROM check_slots").Scan(&ms); err != nil {
		t.Fatal(err)
	}
	return time.UnixMilli(ms)
}

// firstSlots reads each check's first slot run at location.
func firstSlots(t *testing.T, s *store.Storage, location string) map[uint]time.Time {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rows, err := sqlDB(t, s).QueryContext(ctx, "SELECT check_id, MIN(slot_at) FROM check_results WHERE location = $1 GROUP BY check_id", location)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	slots := map[uint]time.Time{}
	for rows.Next() {
		var id uint
		var slot time.Time
		if err := rows.Scan(&id, &slot); err != nil {
			t.Fatal(err)
		}
		slots[id] = slot
	}
	return slots
}
