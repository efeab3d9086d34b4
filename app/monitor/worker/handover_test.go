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

// A worker process killed while its runs are in flight keeps those
// checks only until its leases end: at that moment another worker's claim
// takes every one of its checks, and no slot runs twice.
func TestKilledWorkerHandsItsChecksOver(t *testing.T) {
	if os.Getenv(storetest.PostgresURLVar) == "" {
		t.Skipf("%s is not set", storetest.PostgresURLVar)
	}
	url := storetest.MigratedPostgresURL(t)
	s := storetest.OpenWith(t, url, store.DefaultTimeouts())
	storetest.SeedComponent(t, s)
	tg := newTarget(t, 0)
	const checks = 20
	insertHTTPChecks(t, s, checks, tg.url, probe.MinInterval)
	clock := newFastClock(testSpeed)

	dying := startWorkerProcess(t, url, "a", &clock)
	waitFor(t, 30*time.Second, "the first worker to write a round", func() bool {
		return countSlots(t, s).perLocation["a"] >= checks
	})
	// The target holds its answers: the next runs are in flight at the kill.
	release := tg.hold()
	t.Cleanup(release)
	waitFor(t, 30*time.Second, "the first worker to have runs in flight", func() bool {
		return tg.inFlight.Load() > 0
	})
	if err := dying.signal(t, syscall.SIGKILL); err == nil {
		t.Fatal("the worker process ended cleanly, want it killed")
	}
	release()
	killedAt := clock.Now()
	held, leaseEnd := heldLeases(t, s, killedAt)
	if len(held) == 0 {
		t.Fatal("the killed worker held no lease, want runs in flight at the kill")
	}
	before := countSlots(t, s)

	// The survivor's clock stands at the end of the dead worker's leases:
	// whatever it runs, it claimed then.
	startWorker(t, url, "b", fastClock{base: leaseEnd, start: time.Now()}, nil)
	var taken map[uint]time.Time
	waitFor(t, 30*time.Second, "the second worker to run every check", func() bool {
		taken = firstSlots(t, s, "b")
		return len(taken) == checks
	})
	for id := range held {
		if slot, ok := taken[id]; !ok || slot.After(leaseEnd) {
			t.Errorf("check %d, held at the kill: taken over at slot %s, want one at or before the leases' end %s", id, slot, leaseEnd)
		}
	}
	after := countSlots(t, s)
	if after.duplicates != 0 {
		t.Errorf("%d slots ran twice, want none", after.duplicates)
	}
	if after.perLocation["a"] != before.perLocation["a"] {
		t.Errorf("the killed worker's results went from %d to %d, want no more", before.perLocation["a"], after.perLocation["a"])
	}
	t.Logf("killed at %s holding %d leases, which ended %s later; every check was taken over then",
		killedAt.Format(time.TimeOnly), len(held), leaseEnd.Sub(killedAt).Round(time.Millisecond))
}

// heldLeases reads the checks whose lease runs past at, and when the last of those leases ends.
func heldLeases(t *testing.T, s *store.Storage, at time.Time) (map[uint]bool, time.Time) {
	t.Helper()
	rows, err := sqlDB(t, s).Query("SELECT check_id, lease_until_ms FROM check_slots WHERE lease_until_ms > $1", at.UnixMilli())
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	held := map[uint]bool{}
	var end int64
	for rows.Next() {
		var id uint
		var until int64
		if err := rows.Scan(&id, &until); err != nil {
			t.Fatal(err)
		}
		held[id] = true
		end = max(end, until)
	}
	return held, time.UnixMilli(end)
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
