package worker

import (
	"context"
	"sync"
)

// hostLimit bounds the runs against one host; hosts come and go, so a
// host's semaphore lives while some run holds or waits for it.
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
// answers the release; it fails only when ctx ends first.
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
