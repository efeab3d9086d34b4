package worker

import (
	"context"
	"errors"
	"testing"
	"time"
)

// A full host makes its next run wait; another host does not.
func TestHostLimit(t *testing.T) {
	limit := newHostLimit(2)
	ctx := context.Background()
	var releases []func()
	for range 2 {
		release, err := limit.acquire(ctx, "slow.example")
		if err != nil {
			t.Fatal(err)
		}
		releases = append(releases, release)
	}
	waiting, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, err := limit.acquire(waiting, "slow.example"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a third run at a host limited to 2: %v, want it to wait", err)
	}
	queued, stopWaiting := context.WithCancel(ctx)
	waited := make(chan error, 2)
	for range 2 {
		go func() {
			release, err := limit.acquire(queued, "slow.example")
			if err == nil {
				release()
			}
			waited <- err
		}()
	}
	for limit.users("slow.example") < 4 {
		time.Sleep(time.Millisecond)
	}
	if _, err := limit.acquire(ctx, "slow.example"); !errors.Is(err, errHostBusy) {
		t.Errorf("a fifth run at a host with 2 running and 2 waiting: %v, want errHostBusy", err)
	}
	stopWaiting()
	for range 2 {
		<-waited
	}
	other, err := limit.acquire(ctx, "fast.example")
	if err != nil {
		t.Fatalf("another host waited: %v", err)
	}
	other()
	releases[0]()
	if release, err := limit.acquire(ctx, "slow.example"); err != nil {
		t.Errorf("after a release: %v, want room", err)
	} else {
		release()
	}
	releases[1]()
	if len(limit.hosts) != 0 {
		t.Errorf("%d hosts kept after every run ended, want none", len(limit.hosts))
	}
}

// users counts the runs holding or waiting for host.
func (l *hostLimit) users(host string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if sem, ok := l.hosts[host]; ok {
		return sem.users
	}
	return 0
}
