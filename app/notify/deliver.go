package notify

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// deliverWorker works a deliver job: one attempt to send one notification
// to one recipient. An error is retried with backoff until the last
// attempt, after which River keeps the job as discarded (failed).
type deliverWorker struct {
	river.WorkerDefaults[DeliverArgs]
	notifier *Notifier
}

// Timeout cuts off an attempt whose receiver hangs.
func (w *deliverWorker) Timeout(*river.Job[DeliverArgs]) time.Duration {
	return w.notifier.config.SendTimeout
}

// Work sends the delivery.
func (w *deliverWorker) Work(ctx context.Context, job *river.Job[DeliverArgs]) error {
	err := w.notifier.deps.Sender.Send(ctx, Delivery{JobID: job.ID, Attempt: job.Attempt,
		IdempotencyKey: job.Args.IdempotencyKey(), Recipient: job.Args.Recipient, Event: job.Args.Event})
	if err != nil && isPermanent(err) {
		return river.JobCancel(err)
	}
	return err
}
