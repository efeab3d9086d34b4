package worker

import (
	"context"
	"errors"
	"testing"
	"time"
)

// A full host makes its next run wait, at most the given time; another
// host does not.
func TestHostLimit(t *testing.T) {
	limit := newHostLimit(2)
	ctx := context.Background()
	var releases []func()
	for range 2 {
		release, err := limit.acquire(ctx, "slow.example", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		releases = append(releases, release)
	}
	if _, err := limit.acquire(ctx, "slow.example", 10*time.Millisecond); !errors.Is(err, errHostBusy) {
		t.Fatalf("a third run at a host limited to 2: %v, want errHostBusy after its wait", err)
	}
	other, err := limit.acquire(ctx, "fast.example", 0)
	if err != nil {
		t.Fatalf("another host waited: %v", err)
	}
	other()
	waited := make(chan error, 1)
	go func() {
		release, err := limit.acquire(ctx, "slow.example", time.Hour)
		if err == nil {
			release()
		}
		waited <- err
	}()
	releases[0]()
	if err := <-waited; err != nil {
		t.Errorf("a waiting run after a release: %v, want room", err)
	}
	releases[1]()
	if len(limit.hosts) != 0 {
		t.Errorf("%d hosts kept after every run ended, want none", len(limit.hosts))
	}
}
