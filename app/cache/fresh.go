package cache

import (
	"context"
	"errors"
	"sync"
	"time"
)

// LookupTimeout bounds one shared version lookup. Lookups do not follow the
// cancellation of the caller that started them, because others wait on them.
const LookupTimeout = 5 * time.Second

var _ VersionSource = (*Fresh)(nil)

// errLookupFailed is what callers sharing a lookup get if the source panicked.
var errLookupFailed = errors.New("cache: data version lookup did not finish")

// Fresh coalesces concurrent DataVersion calls without ever answering from a
// lookup that began before the call: a write acknowledged before a request
// started is always seen. At most one lookup runs and one more is queued;
// every caller arriving while a lookup runs shares the queued one.
type Fresh struct {
	source VersionSource

	mu      sync.Mutex
	running *lookup // started; callers that arrive now cannot use it
	queued  *lookup // starts when running ends; shared by callers arriving meanwhile
}

type lookup struct {
	done    chan struct{} // closed when version and err are set
	version int64
	err     error
	waiters int // callers sharing it besides the one running it; for tests
}

// NewFresh wraps source.
func NewFresh(source VersionSource) *Fresh {
	return &Fresh{source: source}
}

// DataVersion returns a version read by a lookup that started after this call.
func (f *Fresh) DataVersion(ctx context.Context) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	f.mu.Lock()
	if f.running == nil {
		// Nothing in flight: this caller runs the lookup itself, no goroutine.
		current := &lookup{done: make(chan struct{})}
		f.running = current
		f.mu.Unlock()
		f.run(ctx, current)
		return current.version, current.err
	}
	next := f.queued
	if next == nil {
		next = &lookup{done: make(chan struct{})}
		f.queued = next
	}
	next.waiters++
	f.mu.Unlock()
	select {
	case <-next.done:
		return next.version, next.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// run performs current, then starts the queued lookup, if any, in the
// background: its callers all arrived after current started.
func (f *Fresh) run(ctx context.Context, current *lookup) {
	defer f.finish(ctx, current) // even if the source panics, waiters are released
	current.err = errLookupFailed
	lookupCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), LookupTimeout)
	defer cancel()
	current.version, current.err = f.source.DataVersion(lookupCtx)
}

func (f *Fresh) finish(ctx context.Context, current *lookup) {
	close(current.done)
	f.mu.Lock()
	next := f.queued
	f.queued = nil
	f.running = next
	f.mu.Unlock()
	if next != nil {
		go f.run(ctx, next)
	}
}
