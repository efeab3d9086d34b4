package store_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"statusdash/app/store"
	"statusdash/app/store/fixture"
	"statusdash/app/store/storetest"
)

// writerProcessVar names the database TestWriterProcess writes to when the
// test binary runs as another process.
const writerProcessVar = "SDB_TEST_WRITER_PROCESS_DB"

// TestDataVersionSeesEveryWrite: on SQLite the version comes from the
// WAL-index header, queried only after a commit; a write by this storage,
// by another connection or by another process shows on the very next call,
// and calls in between make no query.
func TestDataVersionSeesEveryWrite(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		write func(t *testing.T, s *store.Storage, path string)
	}{
		{"this storage", func(t *testing.T, s *store.Storage, _ string) {
			fixture.New(t, store.GormForTest(s)).BumpVersion()
		}},
		{"another connection", func(t *testing.T, _ *store.Storage, path string) {
			fixture.New(t, fixture.OpenSQLite(t, path)).BumpVersion()
		}},
		{"another process", func(t *testing.T, _ *store.Storage, path string) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestWriterProcess$", "-test.count=1")
			cmd.Env = append(os.Environ(), writerProcessVar+"="+path)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("writer process: %v\n%s", err, out)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s, path := openSQLiteAt(t)
			// The first call opens the -shm file, the second keeps the header.
			dataVersion(t, s)
			before := dataVersion(t, s)
			queries := dataVersionQueries(t, s)
			for range 100 {
				if got := dataVersion(t, s); got != before {
					t.Fatalf("version moved from %d to %d without a write", before, got)
				}
			}
			if got := dataVersionQueries(t, s); got != queries {
				t.Errorf("100 calls without a write made %d queries, want 0", got-queries)
			}
			tt.write(t, s, path)
			if got := dataVersion(t, s); got != before+1 {
				t.Errorf("version after the write = %d, want %d", got, before+1)
			}
			if _, err := s.DataVersion(ctx); err != nil {
				t.Fatal(err)
			}
			if got := dataVersionQueries(t, s); got != queries+1 {
				t.Errorf("the write cost %d queries, want 1", got-queries)
			}
		})
	}
}

// TestDataVersionReadsTheWALIndexOfARelativePath: the -shm file is found
// by SQLite's own name of the database, not by the URL as given.
func TestDataVersionReadsTheWALIndexOfARelativePath(t *testing.T) {
	// Not parallel: it changes the working directory.
	t.Chdir(t.TempDir())
	ctx := context.Background()
	s, err := store.Open(ctx, "statusdash.db")
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if _, err := s.MigrateUp(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	dataVersion(t, s)
	dataVersion(t, s)
	queries := dataVersionQueries(t, s)
	dataVersion(t, s)
	if got := dataVersionQueries(t, s); got != queries {
		t.Errorf("a call without a write made %d queries, want 0", got-queries)
	}
}

// TestWriterProcess is the other process of TestDataVersionSeesEveryWrite.
func TestWriterProcess(t *testing.T) {
	path := os.Getenv(writerProcessVar)
	if path == "" {
		t.Skip("runs only as the writer process of TestDataVersionSeesEveryWrite")
	}
	fixture.New(t, fixture.OpenSQLite(t, path)).BumpVersion()
}

// TestDataVersionNeverOlderThanAnAcknowledgedWrite races readers against a
// writer on another connection: no reader may get a version older than the
// last write acknowledged before its call began.
func TestDataVersionNeverOlderThanAnAcknowledgedWrite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, path := openSQLiteAt(t)
	writer := fixture.New(t, fixture.OpenSQLite(t, path))
	var acknowledged atomic.Int64
	acknowledged.Store(dataVersion(t, s))
	done := make(chan struct{})
	var readers sync.WaitGroup
	for range 4 {
		readers.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				floor := acknowledged.Load()
				got, err := s.DataVersion(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				if got < floor {
					t.Errorf("read version %d after version %d was acknowledged", got, floor)
					return
				}
			}
		})
	}
	for range 200 {
		writer.BumpVersion()
		acknowledged.Add(1)
	}
	close(done)
	readers.Wait()
}

// TestCheapLookups: only SQLite's WAL index makes lookups cheap enough to
// skip sharing them.
func TestCheapLookups(t *testing.T) {
	t.Parallel()
	want := map[string]bool{"sqlite": true, "postgres": false}
	for _, backend := range storetest.Backends() {
		t.Run(backend.Name, func(t *testing.T) {
			if got := backend.Open(t).CheapLookups(); got != want[backend.Name] {
				t.Errorf("CheapLookups() = %v, want %v", got, want[backend.Name])
			}
		})
	}
}

func BenchmarkDataVersion(b *testing.B) {
	for _, backend := range storetest.Backends() {
		b.Run(backend.Name, func(b *testing.B) {
			s := backend.Open(b)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.DataVersion(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// openSQLiteAt opens a migrated SQLite storage and tells its file.
func openSQLiteAt(t *testing.T) (*store.Storage, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "statusdash.db")
	s, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if _, err := s.MigrateUp(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return s, path
}

func dataVersion(t *testing.T, s *store.Storage) int64 {
	t.Helper()
	version, err := s.DataVersion(context.Background())
	if err != nil {
		t.Fatalf("DataVersion: %v", err)
	}
	return version
}

func dataVersionQueries(t *testing.T, s *store.Storage) int64 {
	t.Helper()
	queries, ok := store.DataVersionQueriesForTest(s)
	if !ok {
		t.Fatal("the SQLite storage does not read the WAL index")
	}
	return queries
}
