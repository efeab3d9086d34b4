package store

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"statusdash/app/model"
)

// pendingWrites are the write statements queued by deferring eventTxs,
// sent in one statement by flush. The reports of a batch share them, so
// that the whole batch writes in one statement.
type pendingWrites struct {
	writes []pendingWrite
	// components are the components whose event_components rows the
	// writes change: a write of the same row would not see them (flush).
	components map[uint]bool
}

// pendingWrite is one queued write statement. A returning one is an INSERT
// ... RETURNING id of event updates, whose greatest id goes to lastUpdate.
// A write with a key replaces the queued write with the same key: it
// writes every column the earlier one did.
type pendingWrite struct {
	sql        string
	args       []any
	key        string
	lastUpdate *uint
}

func (w *eventTx) queue(sql string, args ...any) {
	w.queueWrite(pendingWrite{sql: sql, args: args})
}

func (w *eventTx) queueWrite(p pendingWrite) {
	if w.pending == nil {
		w.pending = &pendingWrites{}
	}
	if p.key != "" {
		w.pending.writes = withoutKey(w.pending.writes, p.key)
	}
	w.pending.writes = append(w.pending.writes, p)
}

// withoutKey drops the write with the key, if queued.
func withoutKey(writes []pendingWrite, key string) []pendingWrite {
	for i, p := range writes {
		if p.key == key {
			return append(writes[:i], writes[i+1:]...)
		}
	}
	return writes
}

// linkExec runs a write of the component's event_components rows, or
// queues it when deferring.
func (w *eventTx) linkExec(componentID uint, sql string, args ...any) error {
	if !w.deferring {
		return w.tx.Exec(sql, args...).Error
	}
	w.queue(sql, args...)
	if w.pending.components == nil {
		w.pending.components = map[uint]bool{}
	}
	w.pending.components[componentID] = true
	return nil
}

// writesLinksOf says whether queued writes change the component's
// event_components rows.
func (w *eventTx) writesLinksOf(componentID uint) bool {
	return w.pending != nil && w.pending.components[componentID]
}

// queueUpdates queues the insert of the updates; flush records their
// greatest id in the transaction's lastUpdateID.
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
	w.queueWrite(pendingWrite{sql: "INSERT INTO event_updates (event_id, status, text, at, author, created_at, updated_at) VALUES " +
		sql.String() + " RETURNING id", args: args, lastUpdate: &w.lastUpdateID})
}

// flush sends the queued writes in one PostgreSQL statement, each a
// data-modifying WITH query. They all see the snapshot from before the
// statement, so a queue never holds two writes of one row, nor a write
// whose effect another must see: every write reads what it needs before
// queuing, the queue is flushed before every read, a save replaces the
// queued save of its event (key), and a batch flushes before a report on a
// component whose rows are queued (writesLinksOf).
func (w *eventTx) flush() error {
	if w.pending == nil || len(w.pending.writes) == 0 {
		return nil
	}
	writes := w.pending.writes
	w.pending.writes, w.pending.components = nil, nil
	var sql, result strings.Builder
	var args []any
	var lastUpdates []*uint
	sql.WriteString("WITH ")
	for i, p := range writes {
		if i > 0 {
			sql.WriteString(", ")
		}
		fmt.Fprintf(&sql, "w%d AS (%s)", i, p.sql)
		args = append(args, p.args...)
		if p.lastUpdate != nil {
			fmt.Fprintf(&result, ", COALESCE((SELECT MAX(id) FROM w%d), 0)", i)
			lastUpdates = append(lastUpdates, p.lastUpdate)
		}
	}
	sql.WriteString(" SELECT 0" + result.String())
	// Each flush is a statement of its own making, run once: it goes by the
	// simple protocol, in one round trip, rather than prepared (a round
	// trip more) and kept in the driver's statement cache, where it would
	// push out the statements that do repeat.
	rows, err := w.tx.Statement.ConnPool.QueryContext(w.tx.Statement.Context, numberPlaceholders(sql.String()),
		append([]any{pgx.QueryExecModeSimpleProtocol}, args...)...)
	if err != nil {
		return fmt.Errorf("store: write events: %w", err)
	}
	defer rows.Close()
	ids := make([]uint, len(lastUpdates)+1)
	into := make([]any, len(ids))
	for i := range ids {
		into[i] = &ids[i]
	}
	scanned := false
	for rows.Next() {
		if err := rows.Scan(into...); err != nil {
			return fmt.Errorf("store: write events: %w", err)
		}
		scanned = true
	}
	// A write's error comes after the result row: only the end of the
	// rows tells that the statement went through.
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: write events: %w", err)
	}
	if !scanned {
		return fmt.Errorf("store: write events: no result row")
	}
	for i, last := range lastUpdates {
		*last = max(*last, ids[i+1])
	}
	return nil
}

// numberPlaceholders turns the queued statements' ? placeholders into
// PostgreSQL's $1, $2, ... (GORM does it for the statements it runs; a
// flush goes past GORM). Queued statements hold no ? but placeholders:
// every value is an argument.
func numberPlaceholders(sql string) string {
	var numbered strings.Builder
	n := 0
	for _, r := range sql {
		if r == '?' {
			n++
			numbered.WriteString("$" + strconv.Itoa(n))
			continue
		}
		numbered.WriteRune(r)
	}
	return numbered.String()
}
