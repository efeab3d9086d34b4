// Package periodic runs background jobs on a ticker: the maintenance and
// availability jobs of serve and the monitoring retention job.
package periodic

import (
	"context"
	"sync"
	"time"
)

// Start runs run once now, then every interval, until ctx ends or
// the returned stop is called. stop waits for a run in progress to finish
// and may be called more than once. run gets a context that ends with stop.
func Start(ctx context.Context, interval time.Duration, run func(context.Context)) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		ticker := time.NewTicker(interval)
		defer ticker.Stop()
		for {
			if ctx.Err() == nil {
				run(ctx)
			}
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(cancel)
		<-done
	}
}
