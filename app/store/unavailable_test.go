package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/servertest"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// answerBound is how long a call may take while the database is down: far
// above the timeouts, only to tell an answer from a hang.
const answerBound = 8 * time.Second

// recoveryBound is how long the calls may take to work again once the
// database is back: a restarted server is cold, and a busy machine may make
// the first tries miss the short timeouts.
const recoveryBound = 15 * time.Second

// storeCall is one kind of database call a request or the maintenance job makes.
type storeCall struct {
	name string
	call func(ctx context.Context, f *eventFixture) error
}

func storeCalls() []storeCall {
	return []storeCall{
		{"data version lookup", func(ctx context.Context, f *eventFixture) error {
			_, err := f.s.DataVersion(ctx)
			return err
		}},
		{"ping", func(ctx context.Context, f *eventFixture) error { return f.s.Ping(ctx) }},
		{"overview (hand-scanned rows)", func(ctx context.Context, f *eventFixture) error {
			_, err := f.s.ReadOverview(ctx, f.now)
			return err
		}},
		{"event (GORM First and Preload)", func(ctx context.Context, f *eventFixture) error {
			_, err := f.s.ReadEvent(ctx, 1)
			return err
		}},
		{"API event list", func(ctx context.Context, f *eventFixture) error {
			_, _, err := f.s.APIEvents(ctx, store.APIEventFilter{}, f.now)
			return err
		}},
		{"operator write", func(ctx context.Context, f *eventFixture) error {
			_, err := f.s.CreateEvent(ctx, f.actor, store.NewEvent{Type: model.TypeIncident, Title: "Down", Impact: model.ImpactMajor,
				ComponentIDs: []uint{3}, StartAt: f.now.Add(-time.Minute)}, f.now)
			return err
		}},
		{"monitoring report", func(ctx context.Context, f *eventFixture) error {
			_, err := f.s.ReportComponent(ctx, f.actor, store.Report{ComponentID: 4, Impact: model.ImpactMinor}, f.now)
			return err
		}},
		{"maintenance job", func(ctx context.Context, f *eventFixture) error {
			_, err := f.s.AdvanceMaintenance(ctx, f.now)
			return err
		}},
	}
}

func callNamed(t *testing.T, name string) storeCall {
	t.Helper()
	for _, c := range storeCalls() {
		if c.name == name {
			return c
		}
	}
	t.Fatalf("no store call %q", name)
	return storeCall{}
}

// callWithin runs call and fails the test when it does not return within answerBound.
func callWithin(t *testing.T, name string, call func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- call() }()
	select {
	case err := <-done:
		return err
	case <-time.After(answerBound):
		t.Fatalf("%s: no answer within %s", name, answerBound)
		return nil
	}
}

// TestPostgresUnavailable: with PostgreSQL frozen or stopped, every kind of
// call answers within its timeout with an error marked ErrUnavailable, the
// same pools work again once the server is back, and a wrong call is still
// not "unavailable".
func TestPostgresUnavailable(t *testing.T) {
	t.Parallel()
	tests := servertest.PostgresOutages()
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			cluster := servertest.StartPostgres(t)
			f := newEventFixture(t, storetest.OpenWith(t, cluster.URL(), storetest.OutageTimeouts()))
			f.incident(t, "Before", model.ImpactMinor, 1)
			ctx := context.Background()
			if _, err := f.s.ReadEvent(ctx, 999); !errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrUnavailable) {
				t.Errorf("unknown event: %v, want ErrNotFound only", err)
			}
			tt.Begin(cluster)
			for _, c := range storeCalls() {
				err := callWithin(t, c.name, func() error { return c.call(ctx, f) })
				if !errors.Is(err, store.ErrUnavailable) {
					t.Errorf("%s with the database %s: %v, want ErrUnavailable", c.name, tt.Name, err)
				}
			}

			tt.End(cluster)
			for _, c := range storeCalls() {
				deadline := time.Now().Add(recoveryBound)
				for {
					err := callWithin(t, c.name, func() error { return c.call(ctx, f) })
					if err == nil {
						break
					}
					if time.Now().After(deadline) {
						t.Errorf("%s once the database is back: still %v after %s", c.name, err, recoveryBound)
						break
					}
					time.Sleep(100 * time.Millisecond)
				}
			}
		})
	}
}

// TestPostgresServerTimeouts: every session of the storage starts with the
// write timeout as statement_timeout and idle_in_transaction_session_timeout,
// and the server ends a statement that outlives it, as unavailable.
func TestPostgresServerTimeouts(t *testing.T) {
	t.Parallel()
	s := storetest.OpenWith(t, storetest.PostgresDatabaseURL(t), storetest.OutageTimeouts())
	sqlDB, err := s.SQL()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, setting := range []string{"statement_timeout", "idle_in_transaction_session_timeout"} {
		var value string
		if err := sqlDB.QueryRowContext(ctx, "SHOW "+setting).Scan(&value); err != nil || value != "2s" {
			t.Errorf("%s = %q, %v; want 2s, the write timeout", setting, value, err)
		}
	}
	// No client deadline here: the server's own ends the statement.
	_, err = sqlDB.ExecContext(ctx, "SELECT pg_sleep(3)")
	if err == nil || !strings.Contains(err.Error(), "statement timeout") {
		t.Errorf("a 3 s statement: %v, want the server's statement timeout", err)
	}
}

// TestSQLiteUnavailable: a closed storage is unavailable, not broken; a
// write waiting for another connection's lock gives up after the write
// timeout as unavailable.
func TestSQLiteUnavailable(t *testing.T) {
	t.Parallel()
	t.Run("closed", func(t *testing.T) {
		f := newEventFixture(t, storetest.OpenWith(t, filepath.Join(t.TempDir(), "closed.db"), storetest.OutageTimeouts()))
		if err := f.s.Close(); err != nil {
			t.Fatal(err)
		}
		for _, c := range storeCalls() {
			if err := c.call(context.Background(), f); !errors.Is(err, store.ErrUnavailable) {
				t.Errorf("%s on a closed database: %v, want ErrUnavailable", c.name, err)
			}
		}
	})
	t.Run("locked", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "locked.db")
		f := newEventFixture(t, storetest.OpenWith(t, path, storetest.OutageTimeouts()))
		other, err := store.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = other.Close() })
		otherDB, err := other.SQL()
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		conn, err := otherDB.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
			t.Fatalf("take the write lock: %v", err)
		}
		write := callNamed(t, "operator write")
		if err := callWithin(t, write.name, func() error { return write.call(ctx, f) }); !errors.Is(err, store.ErrUnavailable) {
			t.Errorf("%s while another connection holds the lock: %v, want ErrUnavailable", write.name, err)
		}
		if _, err := f.s.ReadOverview(ctx, f.now); err != nil {
			t.Errorf("a read while the lock is held: %v, want none (WAL)", err)
		}
		if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
			t.Fatal(err)
		}
		if err := write.call(ctx, f); err != nil {
			t.Errorf("%s once the lock is released: %v", write.name, err)
		}
	})
}
