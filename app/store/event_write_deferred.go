package store

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"statusdash/app/model"
)

// pendingWrite is one write statement of an event write, run at once
// (runWrite) or held back to go out with others (pendingWrites). A
// returning one is an INSERT ... RETURNING id of event updates, whose
// greatest id goes to lastUpdate. A write with a key replaces the held
// write with the same key: it writes every column the earlier one did. A
// write of a component's event_components rows names the component. An
// insert with into (its INSERT ... VALUES head, sql being its rows) joins
// the held insert with the same head: the reports of a batch insert their
// audit, timeline and link rows in one statement each.
type pendingWrite struct {
	sql        string
	args       []any
	key        string
	lastUpdate *uint
	component  uint
	into       string
}

// rowsWrite is an insert of rows ("(?, ?), (?, ?)") under the head into.
func rowsWrite(into, rows string, args []any) pendingWrite {
	return pendingWrite{into: into, sql: rows, args: args}
}

// statement is the write's whole SQL statement.
func (p pendingWrite) statement() string { return p.into + p.sql }

// The write statements of event writes, whichever way they go out.
const (
	insertLinkInto = "INSERT INTO event_components (event_id, component_id) VALUES "
	insertLinkSQL  = insertLinkInto + "(?, ?)"
	moveLinkSQL    = "UPDATE event_components SET event_id = ? WHERE event_id = ? AND component_id = ?"
	deleteLinkSQL  = "DELETE FROM event_components WHERE event_id = ? AND component_id = ?"
)

// updateEventWrite writes every column the event rules change: a later
// save of the event held in the same statement replaces this one.
func updateEventWrite(e *model.Event) pendingWrite {
	var end *time.Time
	if e.EndAt != nil {
		t := utc(*e.EndAt)
		end = &t
	}
	return pendingWrite{key: "events:" + strconv.FormatUint(uint64(e.ID), 10),
		sql:  "UPDATE events SET title = ?, description = ?, impact = ?, status = ?, start_at = ?, end_at = ?, system = ?, updated_at = ? WHERE id = ?",
		args: []any{e.Title, e.Description, e.Impact, e.Status, utc(e.StartAt), end, e.System, e.UpdatedAt, e.ID}}
}

// insertUpdatesWrite inserts the updates in one statement, returning their ids.
func insertUpdatesWrite(updates []model.EventUpdate, lastID *uint) pendingWrite {
	args := make([]any, 0, 7*len(updates))
	for _, u := range updates {
		args = append(args, u.EventID, u.Status, u.Text, u.At, u.Author, u.CreatedAt, u.UpdatedAt)
	}
	return pendingWrite{sql: "INSERT INTO event_updates (event_id, status, text, at, author, created_at, updated_at) VALUES " +
		placeholderRows(len(updates), 7) + " RETURNING id", args: args, lastUpdate: lastID}
}

// insertAuditsWrite inserts the audit rows in one statement.
func insertAuditsWrite(entries []model.AuditEntry) pendingWrite {
	args := make([]any, 0, 8*len(entries))
	for _, e := range entries {
		args = append(args, e.Actor, e.ActorName, e.ActorEmail, e.Action, e.Object, e.Before, e.After, e.At)
	}
	return rowsWrite("INSERT INTO audit_entries (actor, actor_name, actor_email, action, object, before, after, at) VALUES ",
		placeholderRows(len(entries), 8), args)
}

// placeholderRows is rows rows of columns placeholders each, for VALUES:
// "(?, ?), (?, ?)".
func placeholderRows(rows, columns int) string {
	row := "(" + strings.Repeat("?, ", columns-1) + "?)"
	return strings.Repeat(row+", ", rows-1) + row
}

// runWrite runs the write at once.
func runWrite(tx *gorm.DB, p pendingWrite) error {
	if p.lastUpdate == nil {
		return tx.Exec(p.statement(), p.args...).Error
	}
	rows, err := tx.Raw(p.statement(), p.args...).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id uint
		if err := rows.Scan(&id); err != nil {
			return err
		}
		*p.lastUpdate = max(*p.lastUpdate, id)
	}
	return rows.Err()
}

// pendingWrites are write statements held back to go out together, in one
// statement, by send (PostgreSQL). The reports of a batch share them, so
// that the whole batch writes in one statement.
type pendingWrites struct {
	writes []pendingWrite
	// components are the components whose event_components rows the
	// writes change: a write of the same row would not see them (send).
	components map[uint]bool
}

// add holds the write back.
func (p *pendingWrites) add(w pendingWrite) {
	if w.key != "" {
		p.writes = withoutKey(p.writes, w.key)
	}
	if i := p.heldInsert(w.into); i >= 0 {
		held := &p.writes[i]
		held.sql += ", " + w.sql
		held.args = append(held.args[:len(held.args):len(held.args)], w.args...)
	} else {
		p.writes = append(p.writes, w)
	}
	if w.component != 0 {
		if p.components == nil {
			p.components = map[uint]bool{}
		}
		p.components[w.component] = true
	}
}

// heldInsert is the index of the held insert under the head into, or -1.
func (p *pendingWrites) heldInsert(into string) int {
	if into == "" {
		return -1
	}
	for i, held := range p.writes {
		if held.into == into {
			return i
		}
	}
	return -1
}

// withoutKey drops the write with the key, if held.
func withoutKey(writes []pendingWrite, key string) []pendingWrite {
	for i, p := range writes {
		if p.key == key {
			return append(writes[:i], writes[i+1:]...)
		}
	}
	return writes
}

// changesLinksOf says whether held writes change the component's
// event_components rows.
func (p *pendingWrites) changesLinksOf(componentID uint) bool {
	return p.components[componentID]
}

// send sends the held writes in one statement and forgets them.
func (p *pendingWrites) send(tx *gorm.DB) error {
	if len(p.writes) == 0 {
		return nil
	}
	writes := p.writes
	p.writes, p.components = nil, nil
	return sendWrites(tx, writes)
}

// sendWrites sends the writes in one PostgreSQL statement, each a
// data-modifying WITH query. They all see the snapshot from before the
// statement, so the writes sent together never hold two writes of one row,
// nor a write whose effect another must see: every write reads what it
// needs before it is held back, the held writes go out before every read,
// a save replaces the held save of its event (key), and a batch sends them
// before a report on a component whose rows are held (changesLinksOf).
func sendWrites(tx *gorm.DB, writes []pendingWrite) error {
	var sql, result strings.Builder
	var args []any
	var lastUpdates []*uint
	sql.WriteString("WITH ")
	for i, p := range writes {
		if i > 0 {
			sql.WriteString(", ")
		}
		fmt.Fprintf(&sql, "w%d AS (%s%s)", i, p.into, p.sql)
		args = append(args, p.args...)
		if p.lastUpdate != nil {
			fmt.Fprintf(&result, ", COALESCE((SELECT MAX(id) FROM w%d), 0)", i)
			lastUpdates = append(lastUpdates, p.lastUpdate)
		}
	}
	sql.WriteString(" SELECT 0" + result.String())
	// Each of these statements is of its own making, run once: it goes by
	// the simple protocol, in one round trip, rather than prepared (a
	// round trip more) and kept in the driver's statement cache, where it
	// would push out the statements that do repeat.
	rows, err := tx.Statement.ConnPool.QueryContext(tx.Statement.Context, numberPlaceholders(sql.String()),
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

// numberPlaceholders turns the held statements' ? placeholders into
// PostgreSQL's $1, $2, ... (GORM does it for the statements it runs;
// sendWrites goes past GORM). Held statements hold no ? but placeholders:
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
