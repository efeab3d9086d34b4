package notify

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/riverqueue/river"

	"statusdash/app/model"
)

// fanOutBatch is how many deliver jobs one insert statement carries.
const fanOutBatch = 500

// fanOutWorker works a notify_event job: one deliver job per recipient
// whose scope covers the event. Running it again (a crash before its
// completion was recorded) inserts nothing new: the deliver jobs are
// unique per notification and recipient.
type fanOutWorker struct {
	river.WorkerDefaults[EventArgs]
	notifier *Notifier
}

// Timeout bounds a fan-out, longer than one delivery.
func (w *fanOutWorker) Timeout(*river.Job[EventArgs]) time.Duration { return fanOutTimeout }

// Work fans the notification out.
func (w *fanOutWorker) Work(ctx context.Context, job *river.Job[EventArgs]) error {
	n := w.notifier
	if stale, err := n.staleReminder(ctx, job.Args); err != nil || stale {
		return err
	}
	recipients, err := n.deps.Subscribers.MatchingSubscribers(ctx, job.Args.EventID)
	if err != nil {
		return fmt.Errorf("notify: subscribers of event %d: %w", job.Args.EventID, err)
	}
	for batch := range slices.Chunk(recipients, fanOutBatch) {
		params := make([]river.InsertManyParams, len(batch))
		for i, recipient := range batch {
			params[i] = river.InsertManyParams{Args: DeliverArgs{Notification: job.ID, Recipient: recipient,
				RecipientKey: recipient.Key, Event: job.Args}}
		}
		if err := n.queue.insertMany(ctx, params); err != nil {
			return fmt.Errorf("notify: insert deliveries of event %d: %w", job.Args.EventID, err)
		}
	}
	return nil
}

// staleReminder tells a reminder whose window has since moved, ended or
// been cancelled: it says nothing.
func (n *Notifier) staleReminder(ctx context.Context, args EventArgs) (bool, error) {
	if args.StartAt == nil {
		return false, nil
	}
	e, err := n.deps.Store.ReadEvent(ctx, args.EventID)
	if err != nil {
		return false, fmt.Errorf("notify: read event %d for its reminder: %w", args.EventID, err)
	}
	over := []string{model.StatusInProgress, model.StatusCompleted, model.StatusCancelled}
	return !e.StartAt.Equal(*args.StartAt) || slices.Contains(over, e.Status), nil
}
