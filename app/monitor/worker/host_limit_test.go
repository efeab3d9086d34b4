package worker

import (
	"context"
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
	if _, err := limit.acquire(waiting, "slow.example"); err == nil {
		t.Fatal("a third run at a host limited to 2 got room, want it to wait")
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
