package worker

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"statusdash/app/store"
)

// Worker claims and runs due checks until its context ends.
type Worker struct {
	store Store
	opts  Options
	hosts *hostLimit
	// running bounds the runs in progress (Concurrency); active counts the
	// runs past their host's limit, in progress or waiting for running. A
	// worker claims while active is below twice Concurrency: runs waiting
	// for a slow host do not hold the other hosts' claims back.
	running chan struct{}
	active  atomic.Int64
	runs    sync.WaitGroup
	writer  *batchWriter
}

// New builds a worker on the store; Run starts it.
func New(s Store, opts Options) (*Worker, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	w := &Worker{store: s, opts: opts, hosts: newHostLimit(opts.PerHost), running: make(chan struct{}, opts.Concurrency)}
	w.writer = newBatchWriter(w)
	return w, nil
}

// Owner is the name the worker's leases carry.
func (w *Worker) Owner() string { return w.opts.Owner }

// Metrics are the worker's figures.
func (w *Worker) Metrics() *Metrics { return w.opts.Metrics }

// Run claims due slots and runs them until ctx ends; then it stops
// claiming, waits for the runs in progress and writes their results,
// ending their leases. It returns nil after a clean stop: store errors are
// logged and retried, never returned.
func (w *Worker) Run(ctx context.Context) error {
	go w.writer.run()
	// Runs and writes outlive ctx: a slot claimed is run and written.
	runCtx := context.WithoutCancel(ctx)
	w.sync(ctx)
	lastSync := time.Now()
	timer := time.NewTimer(0)
	defer timer.Stop()
	for ctx.Err() == nil {
		if time.Since(lastSync) >= w.opts.SyncInterval {
			w.sync(ctx)
			lastSync = time.Now()
		}
		limit := min(w.opts.ClaimBatch, 2*w.opts.Concurrency-int(w.active.Load()))
		claimed, wait := 0, w.opts.PollInterval
		if limit > 0 {
			var err error
			if claimed, err = w.claim(ctx, runCtx, limit); err != nil {
				wait = claimRetry
			}
		}
		if claimed > 0 && claimed == limit {
			continue // more may be due at once
		}
		timer.Reset(wait)
		select {
		case <-ctx.Done():
		case <-timer.C:
		}
	}
	w.runs.Wait()
	close(w.writer.results)
	<-w.writer.done
	return nil
}

// claimRetry is the pause after a failed claim, so that a database that
// refuses at once is not asked five times a second.
const claimRetry = 2 * time.Second

// claim claims up to limit due slots, starts their runs and answers how many.
func (w *Worker) claim(ctx, runCtx context.Context, limit int) (int, error) {
	claimCtx, cancel := context.WithTimeout(ctx, w.opts.StoreTimeout)
	defer cancel()
	claimed, err := w.store.ClaimDueChecks(claimCtx, store.CheckClaim{Owner: w.opts.Owner, Location: w.opts.Location,
		Now: w.opts.Now(), Limit: limit, LeaseMargin: w.opts.LeaseMargin})
	if err != nil {
		if ctx.Err() == nil {
			w.opts.Metrics.storeErrors.WithLabelValues(operationClaim).Inc()
			w.opts.Logger.Error("worker: claim due checks", "error", err)
		}
		return 0, err
	}
	for _, slot := range claimed {
		w.start(runCtx, slot)
	}
	return len(claimed), nil
}

// sync brings the schedule in step with the checks written around the store.
func (w *Worker) sync(ctx context.Context) {
	syncCtx, cancel := context.WithTimeout(ctx, w.opts.StoreTimeout)
	defer cancel()
	changed, err := w.store.SyncCheckSchedule(syncCtx, w.opts.Now())
	switch {
	case err != nil && ctx.Err() == nil:
		w.opts.Metrics.storeErrors.WithLabelValues(operationSync).Inc()
		w.opts.Logger.Error("worker: sync the check schedule", "error", err)
	case changed > 0:
		w.opts.Logger.Info("worker: check schedule synced", "slots_changed", changed)
	}
}
