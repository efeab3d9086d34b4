package notify

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"statusdash/app/notify/token"
)

// KindPurgePending is the periodic job that forgets subscriptions never
// confirmed once their confirmation link has expired.
const KindPurgePending = "notify_purge_pending"

// purgePendingEvery is how often the elected leader among the processes
// runs the purge.
const purgePendingEvery = time.Hour

// PurgePendingArgs are the purge job's; it has none.
type PurgePendingArgs struct{}

// Kind is River's name for the job.
func (PurgePendingArgs) Kind() string { return KindPurgePending }

// InsertOpts puts the purge on the fan-out queue, beside the other
// bookkeeping.
func (PurgePendingArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{Queue: QueueEvents} }

// purgePendingWorker deletes the addresses that were given on the form and
// never confirmed: nobody asked for them to be kept.
type purgePendingWorker struct {
	river.WorkerDefaults[PurgePendingArgs]
	notifier *Notifier
}

// Work purges the subscriptions whose confirmation link has expired.
func (w *purgePendingWorker) Work(ctx context.Context, _ *river.Job[PurgePendingArgs]) error {
	removed, err := w.notifier.deps.Store.PurgePendingSubscribers(ctx, time.Now().Add(-token.ConfirmLifetime))
	if err != nil {
		return fmt.Errorf("notify: purge unconfirmed subscriptions: %w", err)
	}
	if removed > 0 {
		w.notifier.deps.Logger.Info("notify: forgot unconfirmed subscriptions", "count", removed)
	}
	return nil
}

// periodicJobs are the jobs River's leader inserts on a schedule.
func (n *Notifier) periodicJobs() []*river.PeriodicJob {
	return []*river.PeriodicJob{
		river.NewPeriodicJob(river.PeriodicInterval(purgePendingEvery),
			func() (river.JobArgs, *river.InsertOpts) { return PurgePendingArgs{}, nil },
			&river.PeriodicJobOpts{RunOnStart: true, ID: KindPurgePending}),
	}
}
