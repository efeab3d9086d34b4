package periodic

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// A job runs at once, then on its ticker; stop ends it, waits for the run in
// progress and may be called again.
func TestStart(t *testing.T) {
	var runs atomic.Int32
	ran := make(chan struct{}, 10)
	stop := Start(context.Background(), time.Millisecond, func(context.Context) {
		runs.Add(1)
		ran <- struct{}{}
	})
	for range 3 {
		select {
		case <-ran:
		case <-time.After(10 * time.Second):
			t.Fatalf("only %d runs in 10 s", runs.Load())
		}
	}
	stop()
	stop()
	after := runs.Load()
	time.Sleep(20 * time.Millisecond)
	if got := runs.Load(); got != after {
		t.Errorf("%d runs after stop, want none", got-after)
	}
}

// A cancelled context ends the job as stop does; the run it got saw the end.
func TestStartEndsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	seen := make(chan error, 1)
	stop := Start(ctx, time.Hour, func(run context.Context) {
		cancel()
		<-run.Done()
		seen <- run.Err()
	})
	if err := <-seen; err == nil {
		t.Error("the run's context did not end with the job's")
	}
	stop()
}
