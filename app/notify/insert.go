package notify

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/riverqueue/river"

	"statusdash/app/model"
	"statusdash/app/store"
)

// insertEventJobs is the store's AfterEventWrite: in the event write's
// own transaction, one notify_event job per event it changed, and the
// reminder of a maintenance window scheduled or moved.
func (n *Notifier) insertEventJobs(ctx context.Context, tx *sql.Tx, notices []store.EventNotice) error {
	params := make([]river.InsertManyParams, 0, len(notices))
	for _, notice := range notices {
		params = append(params, river.InsertManyParams{Args: EventArgs{EventID: notice.EventID,
			UpdateID: notice.UpdateID, Changes: notice.Changes}})
		if reminder, ok := reminderOf(notice, n.config.ReminderLead); ok {
			params = append(params, reminder)
		}
	}
	if _, err := n.inserter.InsertManyTx(ctx, tx, params); err != nil {
		return fmt.Errorf("notify: insert notification jobs: %w", err)
	}
	return nil
}

// reminderOf is the reminder job of a maintenance window scheduled or
// moved by the write, lead before its start, when that is still ahead.
// It is unique per window and start: a window moved back and forth keeps
// one reminder; one moved away leaves a stale reminder that the fan-out
// drops (fanOutWorker).
func reminderOf(notice store.EventNotice, lead time.Duration) (river.InsertManyParams, bool) {
	if lead < 0 || notice.Type != model.TypeMaintenance {
		return river.InsertManyParams{}, false
	}
	if !slices.Contains(notice.Changes, store.ChangeScheduled) && !slices.Contains(notice.Changes, store.ChangeChanged) {
		return river.InsertManyParams{}, false
	}
	at := notice.StartAt.Add(-lead)
	if !at.After(notice.At) {
		return river.InsertManyParams{}, false
	}
	start := notice.StartAt.UTC()
	return river.InsertManyParams{
		Args: EventArgs{EventID: notice.EventID, Changes: []string{ChangeReminder}, StartAt: &start},
		InsertOpts: &river.InsertOpts{Queue: QueueEvents, ScheduledAt: at,
			UniqueOpts: river.UniqueOpts{ByArgs: true}},
	}, true
}
