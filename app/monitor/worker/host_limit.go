package worker

import (
	"context"
	"errors"
	"sync"
)

// errHostBusy refuses a run at a host that has perHost runs in progress
// and as many waiting.
var errHostBusy = errors.New("worker: too many runs waiting for the host")

// hostLimit bounds the runs against one host, and the runs waiting for
// it, so that a slow host holds at most twice perHost of the worker's
// claimed slots. Hosts come and go: a host's semaphore lives while some
// run holds or waits for it.
type hostLimit struct {
	perHost int

	mu    sync.Mutex
	hosts map[string]*hostSemaphore
}

type hostSemaphore struct {
	tokens chan struct{}
	users  int
}

func newHostLimit(perHost int) *hostLimit {
	return &hostLimit{perHost: perHost, hosts: map[string]*hostSemaphore{}}
}

// acquire waits for room at host (none needed for the empty host) and
// answers the release; it fails with errHostBusy when perHost runs wait
// already, or when ctx ends first.
func (l *hostLimit) acquire(ctx context.Context, host string) (release func(), err error) {
	if host == "" {
		return func() {}, nil
	}
	l.mu.Lock()
	sem, ok := l.hosts[host]
	if !ok {
		sem = &hostSemaphore{tokens: make(chan struct{}, l.perHost)}
		l.hosts[host] = sem
	}
	if sem.users >= 2*l.perHost {
		l.mu.Unlock()
		return nil, errHostBusy
	}
	sem.users++
	l.mu.Unlock()
	leave := func() {
		l.mu.Lock()
		sem.users--
		if sem.users == 0 {
			delete(l.hosts, host)
		}
		l.mu.Unlock()
	}
	select {
	case sem.tokens <- struct{}{}:
	case <-ctx.Done():
		leave()
		return nil, ctx.Err()
	}
	return func() {
		<-sem.tokens
		leave()
	}, nil
}
