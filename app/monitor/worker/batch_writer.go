package worker

import (
	"context"
	"time"

	"statusdash/app/store"
)

// batchWriter writes the results that runs send it, every flushInterval
// or flushSize results, one statement per batch (never one transaction
// per result), then hands the batch to the decider. A batch the database
// refuses stays for the next flush, up to maxBacklog results.
type batchWriter struct {
	w       *Worker
	results chan store.CheckResult
	done    chan struct{}
	backlog []store.CheckResult
	// retryAt holds writes back after a failed one, so that a database
	// that refuses at once is not asked again for every result.
	retryAt time.Time
}

// writeRetry is the pause after a failed write.
const writeRetry = time.Second

func newBatchWriter(w *Worker) *batchWriter {
	return &batchWriter{w: w, results: make(chan store.CheckResult, 4*w.opts.FlushSize), done: make(chan struct{})}
}

// run writes until results is closed and drained, then flushes the rest once more.
func (b *batchWriter) run() {
	defer close(b.done)
	ticker := time.NewTicker(b.w.opts.FlushInterval)
	defer ticker.Stop()
	for {
		select {
		case result, open := <-b.results:
			if !open {
				b.retryAt = time.Time{} // the last chance
				b.flush()
				return
			}
			b.backlog = append(b.backlog, result)
			if len(b.backlog) >= b.w.opts.FlushSize {
				b.flush()
			}
		case <-ticker.C:
			b.flush()
		}
	}
}

// flush writes the backlog in batches of flushSize, unless a write failed
// within writeRetry.
func (b *batchWriter) flush() {
	opts := b.w.opts
	if time.Now().Before(b.retryAt) {
		b.dropOverflow()
		return
	}
	for len(b.backlog) > 0 {
		batch := b.backlog[:min(len(b.backlog), opts.FlushSize)]
		ctx, cancel := context.WithTimeout(context.Background(), opts.StoreTimeout)
		err := b.w.store.AddCheckResults(ctx, batch)
		cancel()
		if err != nil {
			opts.Metrics.storeErrors.WithLabelValues(operationWrite).Inc()
			if b.dropDeletedChecks() {
				continue // a check deleted while it ran refused the batch
			}
			opts.Logger.Error("worker: write results; retrying", "results", len(b.backlog), "error", err)
			b.retryAt = time.Now().Add(writeRetry)
			b.dropOverflow()
			return
		}
		opts.Metrics.resultsWritten.Add(float64(len(batch)))
		opts.Metrics.batchSize.Observe(float64(len(batch)))
		opts.Metrics.leasesHeld.Sub(float64(len(batch)))
		b.release(batch)
		b.decide(batch)
		b.backlog = b.backlog[len(batch):]
	}
	b.backlog = nil
}

// release ends the leases of a written batch: the next slots need not
// wait for them.
func (b *batchWriter) release(batch []store.CheckResult) {
	opts := b.w.opts
	ids := make([]uint, len(batch))
	for i, result := range batch {
		ids[i] = result.CheckID
	}
	ctx, cancel := context.WithTimeout(context.Background(), opts.StoreTimeout)
	defer cancel()
	if err := b.w.store.ReleaseCheckLeases(ctx, opts.Owner, ids); err != nil {
		opts.Metrics.storeErrors.WithLabelValues(operationRelease).Inc()
		opts.Logger.Warn("worker: release leases; they end by themselves", "results", len(batch), "error", err)
	}
}

// decide hands a written batch to the decider, when there is one.
func (b *batchWriter) decide(batch []store.CheckResult) {
	opts := b.w.opts
	if opts.Decider == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), opts.StoreTimeout)
	defer cancel()
	if err := opts.Decider.DecideRounds(ctx, batch, opts.Now()); err != nil {
		opts.Metrics.storeErrors.WithLabelValues(operationDecide).Inc()
		opts.Logger.Error("worker: decide rounds", "results", len(batch), "error", err)
	}
}

// dropDeletedChecks drops the results of checks that no longer exist and
// reports whether it dropped any.
func (b *batchWriter) dropDeletedChecks() bool {
	opts := b.w.opts
	ids := make([]uint, 0, len(b.backlog))
	for _, result := range b.backlog {
		ids = append(ids, result.CheckID)
	}
	ctx, cancel := context.WithTimeout(context.Background(), opts.StoreTimeout)
	defer cancel()
	existing, err := b.w.store.ExistingCheckIDs(ctx, ids)
	if err != nil {
		return false
	}
	kept := make(map[uint]bool, len(existing))
	for _, id := range existing {
		kept[id] = true
	}
	remaining := b.backlog[:0]
	for _, result := range b.backlog {
		if kept[result.CheckID] {
			remaining = append(remaining, result)
		}
	}
	dropped := len(b.backlog) - len(remaining)
	b.backlog = remaining
	if dropped > 0 {
		opts.Metrics.leasesHeld.Sub(float64(dropped))
		opts.Logger.Info("worker: dropped the results of checks deleted while they ran", "results", dropped)
	}
	return dropped > 0
}

// dropOverflow drops the oldest results beyond maxBacklog.
func (b *batchWriter) dropOverflow() {
	over := len(b.backlog) - b.w.opts.MaxBacklog
	if over <= 0 {
		return
	}
	b.w.opts.Metrics.resultsDropped.Add(float64(over))
	b.w.opts.Metrics.leasesHeld.Sub(float64(over))
	b.w.opts.Logger.Warn("worker: dropped results the database refused for too long", "results", over)
	b.backlog = append([]store.CheckResult(nil), b.backlog[over:]...)
}
