package notify

import (
	"context"
	"time"
)

// stopTimeout bounds the graceful stop: deliveries in progress may finish
// within it, then they are cancelled and run again by another process.
const stopTimeout = 10 * time.Second

// Start builds the notifier on deps and works the queues until stop,
// which waits for the jobs in progress (stopTimeout at most).
func Start(ctx context.Context, deps Deps) (n *Notifier, stop func(), err error) {
	if n, err = New(ctx, deps); err != nil {
		return nil, nil, err
	}
	if err := n.Start(ctx); err != nil {
		n.Close()
		return nil, nil, err
	}
	return n, func() {
		stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), stopTimeout)
		defer cancel()
		if err := n.Stop(stopCtx); err != nil {
			n.deps.Logger.Warn("notify: stop", "error", err)
		}
		n.Close()
	}, nil
}
