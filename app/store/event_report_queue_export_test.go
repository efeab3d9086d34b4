package store

import (
	"context"
	"database/sql"
	"testing"
	"time"
)

// HoldEventWriteLockForTest takes the lock that event writes wait for,
// from a connection of its own, until release is called: on PostgreSQL
// eventWriteLock, on SQLite the database's write lock.
func HoldEventWriteLockForTest(t *testing.T, s *Storage) (release func()) {
	t.Helper()
	ctx := context.Background()
	var pool *sql.DB
	var lock, unlock string
	var lockArgs []any
	if s.specific.lockEventWrites != "" {
		var err error
		if pool, err = s.db.DB(); err != nil {
			t.Fatal(err)
		}
		lock, unlock, lockArgs = "SELECT pg_advisory_lock($1)", "SELECT pg_advisory_unlock($1)", []any{eventWriteLock}
	} else {
		var path string
		if err := s.db.WithContext(ctx).Raw("SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&path).Error; err != nil {
			t.Fatal(err)
		}
		var err error
		if pool, err = sql.Open("sqlite", path+"?_pragma=busy_timeout(10000)"); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = pool.Close() })
		lock, unlock = "BEGIN IMMEDIATE", "ROLLBACK"
	}
	conn, err := pool.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, lock, lockArgs...); err != nil {
		t.Fatalf("hold the event write lock: %v", err)
	}
	released := false
	release = func() {
		if released {
			return
		}
		released = true
		if _, err := conn.ExecContext(ctx, unlock, lockArgs...); err != nil {
			t.Errorf("release the event write lock: %v", err)
		}
		_ = conn.Close()
	}
	t.Cleanup(release)
	return release
}

// ReportQueueForTest tells whether a batch of reports is being written,
// how many reports wait for the next, and whether the queue is closed.
func ReportQueueForTest(s *Storage) (busy bool, waiting int, closed bool) {
	queue := &s.reportQueue
	queue.mu.Lock()
	defer queue.mu.Unlock()
	return queue.busy, len(queue.waiting), queue.closed
}

// PrepareReportForTest looks the report's component up, as ReportComponent
// does first, and returns the rest of ReportComponent: queue the report and
// wait for its answer in ctx.
func PrepareReportForTest(ctx context.Context, s *Storage, actor Actor, r Report, now time.Time) (func() (*ReportResult, error), error) {
	target, err := s.findReportTarget(context.Background(), r)
	if err != nil {
		return nil, err
	}
	target.heldRead = false // straight to the queue
	return func() (*ReportResult, error) {
		if err := s.reportQueue.enter(); err != nil {
			return nil, err
		}
		defer s.reportQueue.leave()
		return s.reportOn(ctx, actor, target, r.Impact, "Prepared", now)
	}, nil
}
