package worker

import (
	"context"
	"errors"
	"sync"
	"time"
)

// errHostBusy refuses a run whose host gave it no room in time, or has
// too many runs waiting already.
var errHostBusy = errors.New("worker: the target host has too many runs in progress")

// waitingPerRunning bounds the runs waiting for a host, as a multiple of
// the runs it may have in progress: a burst of claims for one fast host
// waits its turn, a slow host's backlog does not grow without end.
const waitingPerRunning = 64

// hostLimit bounds the runs against one host. A run waits for its host
// at most its own timeout: a host that cannot start it by then is too slow
// for its checks. Hosts come and go: a host's semaphore lives while some
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

// acquire waits up to wait for room at host (none needed for the empty
// host) and answers the release. It fails with errHostBusy when no room
// came in time or too many runs wait already, and when ctx ends first.
func (l *hostLimit) acquire(ctx context.Context, host string, wait time.Duration) (release func(), err error) {
	if host == "" {
		return func() {}, nil
	}
	l.mu.Lock()
	sem, ok := l.hosts[host]
	if !ok {
		sem = &hostSemaphore{tokens: make(chan struct{}, l.perHost)}
		l.hosts[host] = sem
	}
	if sem.users >= (1+waitingPerRunning)*l.perHost {
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
		return func() {
			<-sem.tokens
			leave()
		}, nil
	default:
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case sem.tokens <- struct{}{}:
	case <-timer.C:
		leave()
		return nil, errHostBusy
	case <-ctx.Done():
		leave()
		return nil, ctx.Err()
	}
	return func() {
		<-sem.tokens
		leave()
	}, nil
}
