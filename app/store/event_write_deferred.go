package store

import (
	"fmt"
	"strings"

	"statusdash/app/model"
)

// pendingWrite is a write statement queued by a deferring eventTx; a
// returning one is an INSERT ... RETURNING id of event updates.
type pendingWrite struct {
	sql       string
	args      []any
	returning bool
}

// exec runs a write that needs no answer, or queues it when deferring.
func (w *eventTx) exec(sql string, args ...any) error {
	if w.deferring {
		w.queue(sql, args...)
		return nil
	}
	return w.tx.Exec(sql, args...).Error
}

func (w *eventTx) queue(sql string, args ...any) {
	w.pending = append(w.pending, pendingWrite{sql: sql, args: args})
}

// queueUpdates queues the insert of the updates; flush records their
// greatest id.
func (w *eventTx) queueUpdates(updates []model.EventUpdate) {
	var sql strings.Builder
	args := make([]any, 0, 7*len(updates))
	for i, u := range updates {
		if i > 0 {
			sql.WriteString(", ")
		}
		sql.WriteString("(?, ?, ?, ?, ?, ?, ?)")
		args = append(args, u.EventID, u.Status, u.Text, u.At, u.Author, u.CreatedAt, u.UpdatedAt)
	}
	w.pending = append(w.pending, pendingWrite{sql: "INSERT INTO event_updates (event_id, status, text, at, author, created_at, updated_at) VALUES " +
		sql.String() + " RETURNING id", args: args, returning: true})
}

// flush sends the queued writes in one PostgreSQL statement, each a
// data-modifying WITH query. They all see the snapshot from before the
// statement, so a queue never holds two writes of one row, nor a write
// whose effect another must see: every write reads what it needs before
// queuing, and the queue is flushed before every read.
func (w *eventTx) flush() error {
	if len(w.pending) == 0 {
		return nil
	}
	var sql strings.Builder
	var args []any
	result := "SELECT GREATEST(0"
	sql.WriteString("WITH ")
	for i, p := range w.pending {
		if i > 0 {
			sql.WriteString(", ")
		}
		fmt.Fprintf(&sql, "w%d AS (%s)", i, p.sql)
		args = append(args, p.args...)
		if p.returning {
			result += fmt.Sprintf(", (SELECT MAX(id) FROM w%d)", i)
		}
	}
	sql.WriteString(" " + result + ")")
	w.pending = nil
	var last uint
	if err := w.tx.Raw(sql.String(), args...).Scan(&last).Error; err != nil {
		return fmt.Errorf("store: write events: %w", err)
	}
	w.lastUpdateID = max(w.lastUpdateID, last)
	return nil
}
