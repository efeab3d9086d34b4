package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"

	"statusdash/app/store"
)

// Notifier owns the River clients of one process: inserter adds the
// jobs of an event write in its transaction, queue works them.
type Notifier struct {
	deps     Deps
	config   Config
	inserter *river.Client[*sql.Tx]
	queue    queue
	// release closes the queue's own connections.
	release func()
}

// New builds the clients on the store's database and installs the hook
// that inserts a notify_event job with every event write. River's
// migrations must be applied (MigrateUp). Close releases it.
func New(ctx context.Context, deps Deps) (*Notifier, error) {
	if deps.Store == nil || deps.Subscribers == nil || deps.Sender == nil {
		return nil, errors.New("notify: a store, subscribers and a sender are required")
	}
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	n := &Notifier{deps: deps, config: deps.Config.withDefaults()}
	storeDB, err := deps.Store.SQL()
	if err != nil {
		return nil, fmt.Errorf("notify: %w", err)
	}
	inserterConfig := &river.Config{Logger: deps.Logger, MaxAttempts: n.config.MaxAttempts}
	switch deps.Store.Dialect() {
	case store.Postgres:
		n.inserter, err = river.NewClient(riverdatabasesql.New(storeDB), inserterConfig)
		if err == nil {
			n.queue, n.release, err = n.postgresQueue(ctx)
		}
	case store.SQLite:
		n.inserter, err = river.NewClient(riversqlite.New(storeDB), inserterConfig)
		if err == nil {
			n.queue, n.release, err = n.sqliteQueue()
		}
	default:
		err = fmt.Errorf("unknown dialect %q", deps.Store.Dialect())
	}
	if err != nil {
		return nil, fmt.Errorf("notify: %w", err)
	}
	deps.Store.SetAfterEventWrite(n.insertEventJobs)
	return n, nil
}

// clientConfig is the working client's configuration, on any driver.
func (n *Notifier) clientConfig() *river.Config {
	workers := river.NewWorkers()
	river.AddWorker(workers, &fanOutWorker{notifier: n})
	river.AddWorker(workers, &deliverWorker{notifier: n})
	river.AddWorker(workers, &purgePendingWorker{notifier: n})
	return &river.Config{
		Logger:      n.deps.Logger,
		MaxAttempts: n.config.MaxAttempts,
		Queues: map[string]river.QueueConfig{
			QueueEvents:   {MaxWorkers: n.config.FanOutWorkers},
			QueueMail:     {MaxWorkers: n.config.DeliveryWorkers},
			QueueWebhooks: {MaxWorkers: n.config.DeliveryWorkers},
		},
		Workers:                     workers,
		PeriodicJobs:                n.periodicJobs(),
		RetryPolicy:                 retryPolicy(n.config.RetryBase),
		FetchPollInterval:           n.config.PollInterval,
		FetchCooldown:               n.config.FetchCooldown,
		JobTimeout:                  n.config.SendTimeout,
		RescueStuckJobsAfter:        n.config.RescueAfter,
		CompletedJobRetentionPeriod: sentRetention,
		DiscardedJobRetentionPeriod: failedRetention,
	}
}

// Start works the queues until Stop.
func (n *Notifier) Start(ctx context.Context) error {
	if err := n.queue.start(ctx); err != nil {
		return fmt.Errorf("notify: start workers: %w", err)
	}
	return nil
}

// Stop lets the jobs in progress finish (until ctx ends) and stops.
func (n *Notifier) Stop(ctx context.Context) error {
	if err := n.queue.stop(ctx); err != nil {
		return fmt.Errorf("notify: stop workers: %w", err)
	}
	return nil
}

// Close releases the workers' connections; call it after Stop.
func (n *Notifier) Close() {
	n.deps.Store.SetAfterEventWrite(nil)
	n.release()
}
