package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"gorm.io/gorm"

	"statusdash/app/model"
)

// What an event write did that a subscriber may hear about.
const (
	ChangeOpened        = "opened"
	ChangeUpdatePosted  = "update_posted"
	ChangeImpactChanged = "impact_changed"
	ChangeResolved      = "resolved"
	ChangeReopened      = "reopened"
	ChangeScheduled     = "scheduled"
	ChangeChanged       = "changed"
	ChangeCancelled     = "cancelled"
	ChangeStarted       = "started"
	ChangeEnded         = "ended"
)

// EventNotice is what one committed event write did to one event, for the
// notifications: the hook set by SetAfterEventWrite receives them in the
// write's own transaction.
type EventNotice struct {
	EventID uint
	Type    model.EventType
	// Changes are the Change* kinds, in the order listed above.
	Changes []string
	// UpdateID is the greatest id of the updates the write added, 0 when
	// it added none or its statement was held back (a report batch).
	UpdateID uint
	// StartAt is the event's start as the write left it, for a maintenance
	// window's reminder.
	StartAt time.Time
	At      time.Time
}

// AfterEventWrite runs in an event write's transaction, after its own
// statements, with what it did; an error rolls the write back.
type AfterEventWrite func(ctx context.Context, tx *sql.Tx, notices []EventNotice) error

// SetAfterEventWrite installs the hook every event write calls (the
// notifications' job insert), before the storage serves any write.
func (s *Storage) SetAfterEventWrite(hook AfterEventWrite) { s.afterEventWrite = hook }

// runAfterEventWrite hands the write's notices to the hook in its transaction.
func (s *Storage) runAfterEventWrite(tx *gorm.DB, notices []EventNotice) error {
	if s.afterEventWrite == nil || len(notices) == 0 {
		return nil
	}
	sqlTx, ok := tx.Statement.ConnPool.(*sql.Tx)
	if !ok {
		return fmt.Errorf("store: event write hook: not in a transaction (%T)", tx.Statement.ConnPool)
	}
	if err := s.afterEventWrite(tx.Statement.Context, sqlTx, notices); err != nil {
		return fmt.Errorf("store: event write hook: %w", err)
	}
	return nil
}

// notices are what this write did to each event it touched; none when
// its actor asked for no notification.
func (w *eventWrite) notices() []EventNotice {
	if w.actor.NoNotify {
		return nil
	}
	var notices []EventNotice
	for _, id := range w.touched {
		after := w.after[id]
		changes := noticeChanges(w.before[id], after)
		if len(changes) == 0 {
			continue
		}
		notices = append(notices, EventNotice{EventID: id, Type: model.EventType(after.Type), Changes: changes,
			UpdateID: w.lastUpdateID, StartAt: after.StartAt, At: w.now})
	}
	return notices
}

// noticeChanges compares an event before a write (nil: created by it) with
// after it; SYSTEM updates (a component moving) are not news on their own.
func noticeChanges(before, after *auditEvent) []string {
	maintenance := after.Type == string(model.TypeMaintenance)
	var changes []string
	add := func(ok bool, change string) {
		if ok {
			changes = append(changes, change)
		}
	}
	if before == nil {
		add(!maintenance, ChangeOpened)
		add(maintenance, ChangeScheduled)
		return changes
	}
	posted := false
	for _, u := range after.Updates {
		posted = posted || u.Status != model.StatusSystem
	}
	add(posted, ChangeUpdatePosted)
	add(!maintenance && before.Impact != after.Impact, ChangeImpactChanged)
	ended, reopened := before.EndAt == nil && after.EndAt != nil, before.EndAt != nil && after.EndAt == nil
	if !maintenance {
		add(ended, ChangeResolved)
		add(reopened, ChangeReopened)
		return changes
	}
	statusChanged := before.Status != after.Status
	moved := !before.StartAt.Equal(after.StartAt) || !sameTime(before.EndAt, after.EndAt) || before.Title != after.Title
	add(moved && after.Status != model.StatusCancelled && after.Status != model.StatusCompleted, ChangeChanged)
	add(statusChanged && after.Status == model.StatusCancelled, ChangeCancelled)
	add(statusChanged && after.Status == model.StatusInProgress, ChangeStarted)
	add(statusChanged && after.Status == model.StatusCompleted, ChangeEnded)
	return changes
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}
