package cache

import (
	"context"
	"errors"
	"sync"
	"time"
)

// LookupTimeout bounds one shared version lookup. Lookups do not follow the
// cancellation of the caller that started them, because others wait on them.
// It is only a ceiling: the store ends its own lookups at the configured
// SDB_DATABASE_READ_TIMEOUT (2 s by default), so that a page falls back to
// its last good copy that soon while the database does not answer.
const LookupTimeout = 5 * time.Second

// LookupGap is the least time between the starts of two lookups while callers
// keep arriving. Without it, under load a lookup serves one or two requests
// and lookups run back to back, taking a large share of the CPU; with it, a
// lookup serves every caller that arrived during the gap, at the cost of at
// most this much extra wait. A caller arriving when no lookup started within
// the gap, or when the latest lookup served it alone, does not wait.
const LookupGap = 500 * time.Microsecond

var _ VersionSource = (*Fresh)(nil)

// errLookupFailed is what callers sharing a lookup get if the source panicked.
var errLookupFailed = errors.New("cache: data version lookup did not finish")

// Fresh coalesces concurrent DataVersion calls without ever answering from a
// lookup that began before the call: a write acknowledged before a request
// started is always seen. At most one lookup runs and one more is queued;
// every caller arriving before the queued lookup starts shares it.
type Fresh struct {
	source VersionSource
	gap    time.Duration

	mu        sync.Mutex
	running   *lookup   // started; callers that arrive now cannot use it
	queued    *lookup   // not started yet; shared by callers arriving meanwhile
	lastStart time.Time // when the latest lookup started
	// contended is true when the latest lookup was shared: callers arrive
	// faster than lookups finish, and the gap pays off. A lone caller (a
	// quiet site, a script) never waits for the gap.
	contended bool
}

type lookup struct {
	done    chan struct{} // closed when version and err are set
	version int64
	err     error
	waiters int // callers sharing it besides the one running it; for tests
}

// NewFresh wraps source.
func NewFresh(source VersionSource) *Fresh {
	return &Fresh{source: source, gap: LookupGap}
}

// CheapSource is a VersionSource that can tell whether its lookups are
// cheaper than sharing them: on SQLite, *store.Storage reads the WAL-index
// header in shared memory and queries only after a commit.
type CheapSource interface {
	VersionSource
	CheapLookups() bool
}

// Shared is how readers get the data version: through a Fresh, which shares
// one lookup between concurrent callers, unless source already is one or
// its lookups are cheap, when waiting for a shared one would cost more.
func Shared(source VersionSource) VersionSource {
	switch source := source.(type) {
	case *Fresh:
		return source
	case CheapSource:
		if source.CheapLookups() {
			return source
		}
	}
	return NewFresh(source)
}

// DataVersion returns a version read by a lookup that started after this call.
func (f *Fresh) DataVersion(ctx context.Context) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	f.mu.Lock()
	idle := f.running == nil && f.queued == nil
	if idle {
		now := time.Now()
		if wait := f.gap - now.Sub(f.lastStart); wait > 0 && f.contended {
			// A lookup started moments ago: wait the rest of the gap for a
			// new one, which callers arriving meanwhile share.
			f.queued = &lookup{done: make(chan struct{})}
			time.AfterFunc(wait, func() { f.startQueued(context.WithoutCancel(ctx)) })
		} else {
			// Nothing in flight lately: this caller runs the lookup itself, no goroutine.
			current := &lookup{done: make(chan struct{})}
			f.running = current
			f.lastStart = now
			f.mu.Unlock()
			f.run(ctx, current)
			return current.version, current.err
		}
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
// background, no sooner than gap after current started: its callers all
// arrived after current started, and so do any that join it until it starts.
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
	f.running = nil
	f.contended = current.waiters > 0
	pending := f.queued != nil
	wait := f.gap - time.Since(f.lastStart)
	f.mu.Unlock()
	if !pending {
		return
	}
	start := func() { f.startQueued(context.WithoutCancel(ctx)) }
	if wait > 0 {
		time.AfterFunc(wait, start)
		return
	}
	go start()
}

// startQueued moves the queued lookup to running and performs it.
func (f *Fresh) startQueued(ctx context.Context) {
	f.mu.Lock()
	next := f.queued
	if next == nil || f.running != nil {
		// Started already, or a lookup runs and starts the queued one when it ends.
		f.mu.Unlock()
		return
	}
	f.queued = nil
	f.running = next
	f.lastStart = time.Now()
	f.mu.Unlock()
	f.run(ctx, next)
}
