package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"statusdash/app/incident"
	"statusdash/app/model"
)

// eventWriteLock is the PostgreSQL advisory lock key every event write
// transaction takes first. The report rules read state across components
// (the open system incident of an impact), so row locks on one component
// would not stop two reports on different components from opening two
// system incidents of the same impact; one transaction-scoped lock
// serialises all event writes, which are short. SQLite serialises them
// already: its transactions begin with the write lock (_txlock=immediate).
// A lock per impact level would be correct only if a report also held the
// level of the incident it leaves (whose component count decides a close or
// a raise), and it would still serialise what dominates under load: reports
// joining or leaving the same system incident of one impact. So the lock
// stays global, and reports keep what they do under it short: the refusals
// that most reports are never take it (reportUnlocked), and the reports
// that wait for it meanwhile are written together, under one lock and one
// commit (event_report_queue.go).
const eventWriteLock = 0x5d_ec_1d_e7

// errNoChange rolls back a write transaction that found nothing to write,
// so that the data version (and every cached page) stays as it is.
var errNoChange = errors.New("store: nothing to change")

// eventTx is one event write transaction: the writes, and the audit
// snapshots of every event it touched, kept up to date as it writes so that
// the audit needs no reload.
type eventTx struct {
	tx      *gorm.DB
	actor   Actor
	now     time.Time
	touched []uint
	// before holds each touched event as it was (nil: created here); after
	// follows every save, attach, detach and update of this transaction.
	before map[uint]*auditEvent
	after  map[uint]*auditEvent
	// known holds the component ids of events as read in this transaction
	// (situation) and not changed since: touch needs no query for them.
	known map[uint][]uint
	// deferring (PostgreSQL reports only) queues the writes that need no
	// answer in pending, to send them in one statement with the next read or
	// with the audit rows: fewer round trips under the write lock. The
	// reports of a batch share one pending.
	deferring bool
	pending   *pendingWrites
	// batch, for the reports of a batch, is what they know of the events
	// they look at, kept up to date by the writes: situation reads it
	// instead of the database.
	batch *reportBatch
	// lastUpdateID is the greatest id of the updates this write added.
	lastUpdateID uint
}

// writeEvents runs fn in one serialised write transaction and then writes
// one audit row with action for each event fn touched or created.
// fn may return errNoChange to write nothing and report success.
func (s *Storage) writeEvents(ctx context.Context, actor Actor, now time.Time, action string, fn func(w *eventTx) error) error {
	return s.writeEventsUnlocked(ctx, actor, now, action, func(w *eventTx) error {
		if err := lockEventWrites(w.tx, s.dialect); err != nil {
			return err
		}
		return fn(w)
	})
}

// lockEventWrites takes eventWriteLock on PostgreSQL, for the rest of the
// transaction.
func lockEventWrites(tx *gorm.DB, dialect Dialect) error {
	if dialect != Postgres {
		return nil
	}
	if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", eventWriteLock).Error; err != nil {
		return fmt.Errorf("store: lock event writes: %w", err)
	}
	return nil
}

// writeEventsUnlocked is writeEvents without the advisory lock, for writes
// that claim their own rows.
func (s *Storage) writeEventsUnlocked(ctx context.Context, actor Actor, now time.Time, action string, fn func(w *eventTx) error) error {
	err := s.inTxBumping(ctx, func(tx *gorm.DB) (bool, error) {
		w := newEventTx(tx, actor, now)
		if err := fn(w); err != nil {
			return false, err
		}
		return w.writeAudits(action, s.dialect == Postgres)
	})
	if errors.Is(err, errNoChange) {
		return nil
	}
	return err
}

// newEventTx starts an event write in the transaction tx.
func newEventTx(tx *gorm.DB, actor Actor, now time.Time) *eventTx {
	return &eventTx{tx: tx, actor: actor, now: utc(now), before: map[uint]*auditEvent{}, after: map[uint]*auditEvent{}}
}

// touch records the events' state before their first change in this
// transaction: each must be the event as stored now. Their component ids
// are read here, in one query, whatever e.Components holds.
func (w *eventTx) touch(events ...*model.Event) error {
	var ids []uint
	for _, e := range events {
		if _, ok := w.after[e.ID]; !ok && !slices.Contains(ids, e.ID) {
			ids = append(ids, e.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	var links []eventComponent
	if slices.ContainsFunc(ids, func(id uint) bool { _, ok := w.knownComponents(id); return !ok }) {
		if err := w.flush(); err != nil {
			return err
		}
		if err := w.readLinks(ids, &links); err != nil {
			return err
		}
	} else {
		for _, id := range ids {
			known, _ := w.knownComponents(id)
			for _, c := range known {
				links = append(links, eventComponent{EventID: id, ComponentID: c})
			}
		}
	}
	for _, e := range events {
		if _, ok := w.after[e.ID]; ok {
			continue
		}
		var components []uint
		for _, link := range links {
			if link.EventID == e.ID {
				components = append(components, link.ComponentID)
			}
		}
		w.touched = append(w.touched, e.ID)
		w.before[e.ID] = auditOf(e, components)
		w.after[e.ID] = auditOf(e, components)
	}
	return nil
}

// readLinks reads the event_components rows of the events.
func (w *eventTx) readLinks(ids []uint, links *[]eventComponent) error {
	if err := w.tx.Table("event_components").Select("event_id, component_id").Where("event_id IN ?", ids).
		Order("component_id").Scan(links).Error; err != nil {
		return fmt.Errorf("store: components of events %v: %w", ids, err)
	}
	return nil
}

// knownComponents are the event's component ids as this transaction knows
// them, if it does: from its batch, or as read and not changed since.
func (w *eventTx) knownComponents(eventID uint) ([]uint, bool) {
	if w.batch != nil {
		if ids, ok := w.batch.components[eventID]; ok {
			return ids, true
		}
	}
	ids, ok := w.known[eventID]
	return ids, ok
}

// knowComponents records the event's component ids as just read.
func (w *eventTx) knowComponents(eventID uint, ids []uint) {
	if w.known == nil {
		w.known = map[uint][]uint{}
	}
	w.known[eventID] = ids
}

// eventComponent is one row of event_components.
type eventComponent struct {
	EventID     uint
	ComponentID uint
}

// writeAudits writes the audit rows; with bump (PostgreSQL) the same
// statement bumps the data version, and it says whether it did.
func (w *eventTx) writeAudits(action string, bump bool) (bool, error) {
	if err := w.recordChanges(); err != nil {
		return false, err
	}
	entries, err := w.auditEntries(action)
	if err != nil {
		return false, err
	}
	if !bump || len(entries) == 0 {
		if err := w.flush(); err != nil {
			return false, err
		}
		return false, writeAudits(w.tx, entries)
	}
	w.queue(bumpDataVersion)
	w.queueAuditEntries(entries)
	if err := w.flush(); err != nil {
		return false, fmt.Errorf("store: write audit entries: %w", err)
	}
	return true, nil
}

// queueAudits writes, or queues when deferring, the audit rows of the
// events this write touched.
func (w *eventTx) queueAudits(action string) error {
	if err := w.recordChanges(); err != nil {
		return err
	}
	entries, err := w.auditEntries(action)
	if err != nil || len(entries) == 0 {
		return err
	}
	if !w.deferring {
		return writeAudits(w.tx, entries)
	}
	w.queueAuditEntries(entries)
	return nil
}

// auditEntries are the audit rows of the events this write touched.
func (w *eventTx) auditEntries(action string) ([]model.AuditEntry, error) {
	entries := make([]model.AuditEntry, 0, len(w.touched))
	for _, id := range w.touched {
		before, err := w.before[id].json()
		if err != nil {
			return nil, err
		}
		after, err := w.after[id].json()
		if err != nil {
			return nil, err
		}
		entries = append(entries, auditEntry(w.actor, action, fmt.Sprintf("event:%d", id), before, after, w.now))
	}
	return entries, nil
}

// queueAuditEntries queues the insert of the audit rows, in one statement.
func (w *eventTx) queueAuditEntries(entries []model.AuditEntry) {
	var sql strings.Builder
	args := make([]any, 0, 8*len(entries))
	for i, e := range entries {
		if i > 0 {
			sql.WriteString(", ")
		}
		sql.WriteString("(?, ?, ?, ?, ?, ?, ?, ?)")
		args = append(args, e.Actor, e.ActorName, e.ActorEmail, e.Action, e.Object, e.Before, e.After, e.At)
	}
	w.queue("INSERT INTO audit_entries (actor, actor_name, actor_email, action, object, before, after, at) VALUES "+sql.String(), args...)
}

// componentIDs reads the ids of the event's components, ordered.
func (w *eventTx) componentIDs(eventID uint) ([]uint, error) {
	if err := w.flush(); err != nil {
		return nil, err
	}
	var ids []uint
	if err := w.tx.Table("event_components").Where("event_id = ?", eventID).Order("component_id").
		Pluck("component_id", &ids).Error; err != nil {
		return nil, fmt.Errorf("store: components of event %d: %w", eventID, err)
	}
	return ids, nil
}

// load reads an event with its components (service, category, region) and
// its updates oldest first.
func (w *eventTx) load(id uint) (*model.Event, error) {
	return loadEventDetails(w.tx, id)
}

func loadEventDetails(db *gorm.DB, id uint) (*model.Event, error) {
	var e model.Event
	err := db.
		Preload("Components", func(db *gorm.DB) *gorm.DB { return db.Order("components.id") }).
		Preload("Components.Service.Category").
		Preload("Components.Region").
		Preload("Updates", func(db *gorm.DB) *gorm.DB { return db.Order("at, id") }).
		First(&e, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("store: event %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: load event %d: %w", id, err)
	}
	return &e, nil
}

// components reads the components with the ids, with service and region;
// an unknown id is a validation error on "components".
func (w *eventTx) components(ids []uint) ([]model.Component, error) {
	ids = uniqueIDs(ids)
	var found []model.Component
	if err := w.tx.Preload("Service.Category").Preload("Region").Where("id IN ?", ids).Order("id").Find(&found).Error; err != nil {
		return nil, fmt.Errorf("store: load components: %w", err)
	}
	if len(found) != len(ids) {
		for _, id := range ids {
			if !slices.ContainsFunc(found, func(c model.Component) bool { return c.ID == id }) {
				return nil, invalid("components", fmt.Sprintf("unknown component %d", id))
			}
		}
	}
	byID := make([]model.Component, 0, len(ids))
	for _, id := range ids {
		i := slices.IndexFunc(found, func(c model.Component) bool { return c.ID == id })
		byID = append(byID, found[i])
	}
	return byID, nil
}

// create inserts a new event holding the components and records it for the audit.
func (w *eventTx) create(e *model.Event, componentIDs []uint) error {
	e.StartAt = utc(e.StartAt)
	if e.EndAt != nil {
		end := utc(*e.EndAt)
		e.EndAt = &end
	}
	e.CreatedAt, e.UpdatedAt = w.now, w.now
	if err := w.flush(); err != nil {
		return err
	}
	if err := w.tx.Omit(clause.Associations).Create(e).Error; err != nil {
		return fmt.Errorf("store: create event: %w", err)
	}
	w.touched = append(w.touched, e.ID)
	w.before[e.ID] = nil
	w.after[e.ID] = auditOf(e, nil)
	if w.batch != nil {
		w.batch.created(e)
	}
	for _, id := range componentIDs {
		if err := w.attach(e.ID, id); err != nil {
			return err
		}
	}
	return nil
}

// save writes the event's own columns (not components, not updates).
func (w *eventTx) save(e *model.Event) error {
	var end *time.Time
	if e.EndAt != nil {
		t := utc(*e.EndAt)
		end = &t
	}
	var err error
	if w.deferring {
		// Every column the report rules change: a later save of the event
		// in the same statement replaces this one.
		w.queueWrite(pendingWrite{key: fmt.Sprintf("events:%d", e.ID),
			sql:  "UPDATE events SET title = ?, description = ?, impact = ?, status = ?, start_at = ?, end_at = ?, system = ?, updated_at = ? WHERE id = ?",
			args: []any{e.Title, e.Description, e.Impact, e.Status, utc(e.StartAt), end, e.System, w.now, e.ID}})
	} else {
		err = w.tx.Model(&model.Event{}).Where("id = ?", e.ID).Updates(map[string]any{
			"title": e.Title, "description": e.Description, "impact": e.Impact, "status": e.Status,
			"start_at": utc(e.StartAt), "end_at": end, "system": e.System, "updated_at": w.now,
		}).Error
	}
	if err != nil {
		return fmt.Errorf("store: save event %d: %w", e.ID, err)
	}
	e.UpdatedAt = w.now
	if a := w.after[e.ID]; a != nil {
		a.setColumns(e)
	}
	return nil
}

// addUpdate appends an update; a status other than SYSTEM becomes the
// event's status (the caller saves the event).
func (w *eventTx) addUpdate(eventID uint, status, text string, at time.Time) error {
	update := model.EventUpdate{EventID: eventID, Status: status, Text: text, At: utc(at),
		Author: w.actor.label(), CreatedAt: w.now, UpdatedAt: w.now}
	if err := w.tx.Create(&update).Error; err != nil {
		return fmt.Errorf("store: add update to event %d: %w", eventID, err)
	}
	w.auditUpdate(update)
	return nil
}

// addUpdates appends several updates in one statement, in order, all at
// the transaction's time.
func (w *eventTx) addUpdates(planned []incident.PlannedUpdate) error {
	if len(planned) == 0 {
		return nil
	}
	updates := make([]model.EventUpdate, len(planned))
	for i, p := range planned {
		updates[i] = model.EventUpdate{EventID: p.EventID, Status: p.Status, Text: p.Text, At: w.now,
			Author: w.actor.label(), CreatedAt: w.now, UpdatedAt: w.now}
	}
	if w.deferring {
		w.queueUpdates(updates)
	} else if err := w.tx.Create(&updates).Error; err != nil {
		return fmt.Errorf("store: add updates to event %d: %w", planned[0].EventID, err)
	}
	for _, update := range updates {
		w.auditUpdate(update)
	}
	return nil
}

// auditUpdate records an added update in its event's after snapshot.
func (w *eventTx) auditUpdate(u model.EventUpdate) {
	w.lastUpdateID = max(w.lastUpdateID, u.ID)
	if a := w.after[u.EventID]; a != nil {
		a.Updates = append(a.Updates, auditUpdate{Status: u.Status, Text: u.Text, At: u.At})
	}
}

func (w *eventTx) attach(eventID, componentID uint) error {
	err := w.linkExec(componentID, "INSERT INTO event_components (event_id, component_id) VALUES (?, ?)", eventID, componentID)
	if err != nil {
		return fmt.Errorf("store: add component %d to event %d: %w", componentID, eventID, err)
	}
	delete(w.known, eventID)
	if w.batch != nil {
		w.batch.attached(eventID, componentID)
	}
	if a := w.after[eventID]; a != nil {
		a.addComponent(componentID)
	}
	return nil
}

// moveComponent takes the component out of one event into another, in one statement.
func (w *eventTx) moveComponent(componentID, from, to uint) error {
	err := w.linkExec(componentID, "UPDATE event_components SET event_id = ? WHERE event_id = ? AND component_id = ?", to, from, componentID)
	if err != nil {
		return fmt.Errorf("store: move component %d from event %d to %d: %w", componentID, from, to, err)
	}
	delete(w.known, from)
	delete(w.known, to)
	if w.batch != nil {
		w.batch.detached(from, componentID)
		w.batch.attached(to, componentID)
	}
	if a := w.after[from]; a != nil {
		a.removeComponent(componentID)
	}
	if a := w.after[to]; a != nil {
		a.addComponent(componentID)
	}
	return nil
}

func (w *eventTx) detach(eventID, componentID uint) error {
	err := w.linkExec(componentID, "DELETE FROM event_components WHERE event_id = ? AND component_id = ?", eventID, componentID)
	if err != nil {
		return fmt.Errorf("store: remove component %d from event %d: %w", componentID, eventID, err)
	}
	delete(w.known, eventID)
	if w.batch != nil {
		w.batch.detached(eventID, componentID)
	}
	if a := w.after[eventID]; a != nil {
		a.removeComponent(componentID)
	}
	return nil
}

func (w *eventTx) componentCount(eventID uint) (int, error) {
	if err := w.flush(); err != nil {
		return 0, err
	}
	var n int64
	if err := w.tx.Table("event_components").Where("event_id = ?", eventID).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("store: count components of event %d: %w", eventID, err)
	}
	return int(n), nil
}

// move takes the component out of from and into to, with a SYSTEM update on
// each naming the other, and closes from when it is left empty.
func (w *eventTx) move(component model.Component, from, to *model.Event) error {
	if err := w.touch(from); err != nil {
		return err
	}
	if err := w.touch(to); err != nil {
		return err
	}
	if err := w.detach(from.ID, component.ID); err != nil {
		return err
	}
	if err := w.attach(to.ID, component.ID); err != nil {
		return err
	}
	label := incident.ComponentLabel(component)
	fromRef, toRef := incident.RefOf(from, 0), incident.RefOf(to, 0)
	if err := w.addUpdate(from.ID, model.StatusSystem, incident.MovedToText(label, toRef), w.now); err != nil {
		return err
	}
	if err := w.addUpdate(to.ID, model.StatusSystem, incident.MovedFromText(label, fromRef), w.now); err != nil {
		return err
	}
	return w.closeIfEmpty(from, toRef)
}

// closeIfEmpty resolves an incident whose last component moved to to.
func (w *eventTx) closeIfEmpty(e *model.Event, to incident.Ref) error {
	left, err := w.componentCount(e.ID)
	if err != nil || left > 0 {
		return err
	}
	end := w.now
	e.EndAt, e.Status = &end, model.StatusResolved
	if err := w.addUpdate(e.ID, model.StatusResolved, incident.ClosedEmptyText(to), w.now); err != nil {
		return err
	}
	return w.save(e)
}

// openIncidentsHolding lists the open incidents holding the component, but not except.
func (w *eventTx) openIncidentsHolding(componentID, except uint) ([]*model.Event, error) {
	var events []*model.Event
	err := w.tx.Where("type = ? AND end_at IS NULL AND id <> ?", model.TypeIncident, except).
		Where("id IN (?)", w.tx.Table("event_components").Select("event_id").Where("component_id = ?", componentID)).
		Order("id").Find(&events).Error
	if err != nil {
		return nil, fmt.Errorf("store: open incidents of component %d: %w", componentID, err)
	}
	return events, nil
}

func uniqueIDs(ids []uint) []uint {
	unique := make([]uint, 0, len(ids))
	for _, id := range ids {
		if !slices.Contains(unique, id) {
			unique = append(unique, id)
		}
	}
	return unique
}
