package cache

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// countingSource is a version source that counts its lookups; Bump plays a write.
type countingSource struct {
	version atomic.Int64
	lookups atomic.Int64
	started chan struct{} // if not nil, told when a lookup starts
	release chan struct{} // if not nil, lookups wait for it to close
	err     error
}

func (s *countingSource) Bump() int64 { return s.version.Add(1) }

func (s *countingSource) DataVersion(context.Context) (int64, error) {
	s.lookups.Add(1)
	version := s.version.Load() // the snapshot a database read would see
	if s.started != nil {
		s.started <- struct{}{}
	}
	if s.release != nil {
		<-s.release
	}
	runtime.Gosched() // let other callers pile up behind this lookup
	return version, s.err
}

func TestFreshSharesOneQueuedLookup(t *testing.T) {
	const callers = 50
	source := &countingSource{started: make(chan struct{}, 2), release: make(chan struct{})}
	fresh := NewFresh(source)
	ctx := context.Background()

	results := make(chan int64, callers)
	go func() {
		version, _ := fresh.DataVersion(ctx)
		results <- version
	}()
	<-source.started // the first lookup runs and blocks
	source.Bump()    // a write acknowledged before the other callers call

	for range callers - 1 {
		go func() {
			version, _ := fresh.DataVersion(ctx)
			results <- version
		}()
	}
	eventually(t, "callers queued", func() bool {
		fresh.mu.Lock()
		defer fresh.mu.Unlock()
		return fresh.queued != nil && fresh.queued.waiters == callers-1
	})
	close(source.release)

	var sawOld, sawNew int
	for range callers {
		switch version := <-results; version {
		case 0:
			sawOld++
		case 1:
			sawNew++
		default:
			t.Errorf("version = %d, want 0 or 1", version)
		}
	}
	if sawOld != 1 || sawNew != callers-1 {
		t.Errorf("callers seeing version 0, 1 = %d, %d, want 1, %d", sawOld, sawNew, callers-1)
	}
	if got := source.lookups.Load(); got != 2 {
		t.Errorf("lookups = %d for %d callers, want 2", got, callers)
	}
}

func TestFreshObservesEveryEarlierBump(t *testing.T) {
	const goroutines, calls = 32, 200
	source := &countingSource{}
	fresh := NewFresh(source)
	ctx := context.Background()

	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for range calls {
				written := source.Bump()
				got, err := fresh.DataVersion(ctx)
				if err != nil {
					t.Errorf("DataVersion: %v", err)
					return
				}
				if got < written {
					t.Errorf("DataVersion = %d after a bump to %d: stale", got, written)
					return
				}
			}
		})
	}
	wg.Wait()
	total := int64(goroutines * calls)
	lookups := source.lookups.Load()
	if lookups > total {
		t.Errorf("lookups = %d, more than the %d calls", lookups, total)
	}
	t.Logf("%d calls shared %d lookups", total, lookups)
}

func TestFreshSharesErrors(t *testing.T) {
	failure := errors.New("database down")
	fresh := NewFresh(&countingSource{err: failure})
	if _, err := fresh.DataVersion(context.Background()); !errors.Is(err, failure) {
		t.Errorf("DataVersion error = %v, want %v", err, failure)
	}
}

func TestFreshWaiterHonoursItsContext(t *testing.T) {
	source := &countingSource{started: make(chan struct{}, 2), release: make(chan struct{})}
	fresh := NewFresh(source)

	first := make(chan error, 1)
	go func() {
		_, err := fresh.DataVersion(context.Background())
		first <- err
	}()
	<-source.started

	ctx, cancel := context.WithCancel(context.Background())
	waiter := make(chan error, 1)
	go func() {
		_, err := fresh.DataVersion(ctx)
		waiter <- err
	}()
	eventually(t, "waiter queued", func() bool {
		fresh.mu.Lock()
		defer fresh.mu.Unlock()
		return fresh.queued != nil && fresh.queued.waiters == 1
	})
	cancel()
	if err := <-waiter; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled waiter error = %v, want context.Canceled", err)
	}
	close(source.release)
	if err := <-first; err != nil {
		t.Errorf("first caller error = %v, want nil", err)
	}
	// The queued lookup still runs and clears the state for later callers.
	if _, err := fresh.DataVersion(context.Background()); err != nil {
		t.Errorf("later caller error = %v", err)
	}
}

func TestFreshCancelledCallerReturnsAtOnce(t *testing.T) {
	source := &countingSource{}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := NewFresh(source).DataVersion(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
	if got := source.lookups.Load(); got != 0 {
		t.Errorf("lookups = %d, want 0", got)
	}
}

// constantSource is the cheapest possible source, so benchmarks measure Fresh.
type constantSource struct{}

func (constantSource) DataVersion(context.Context) (int64, error) { return 1, nil }

func BenchmarkFresh(b *testing.B) {
	fresh := NewFresh(constantSource{})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := fresh.DataVersion(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFreshParallel(b *testing.B) {
	fresh := NewFresh(constantSource{})
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := fresh.DataVersion(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// cheapSource is a countingSource that says whether its lookups are cheap.
type cheapSource struct {
	countingSource
	cheap bool
}

func (s *cheapSource) CheapLookups() bool { return s.cheap }

func TestShared(t *testing.T) {
	tests := []struct {
		name   string
		source VersionSource
		// wantItself: Shared returns the source; else a Fresh wrapping it.
		wantItself bool
	}{
		{"a Fresh stays itself", NewFresh(&countingSource{}), true},
		{"a source with cheap lookups is not shared", &cheapSource{cheap: true}, true},
		{"a plain source is shared", &countingSource{}, false},
		{"a source with costly lookups is shared", &cheapSource{cheap: false}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Shared(tt.source)
			if tt.wantItself {
				if got != tt.source {
					t.Errorf("Shared() = %T %p, want the source itself", got, got)
				}
				return
			}
			if fresh, ok := got.(*Fresh); !ok || fresh.source != tt.source {
				t.Errorf("Shared() = %T, want a Fresh wrapping the source", got)
			}
		})
	}
}
