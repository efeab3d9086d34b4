package store

import (
	"fmt"
	"slices"
	"time"

	"statusdash/app/incident"
	"statusdash/app/model"
)

// eventStatements send an event write's statements. A person's write
// (eventTx) runs each at once; a transaction of report-rule writes
// (reportTx) may hold them back to send them together, and keeps its
// picture of the events (reportBatch) as they change.
type eventStatements interface {
	// insertEvent inserts the event's own columns and sets its id.
	insertEvent(e *model.Event) error
	// updateEvent writes the event's own columns.
	updateEvent(e *model.Event) error
	// insertUpdates appends the updates in order; lastID follows the
	// greatest id written, once it is known.
	insertUpdates(updates []model.EventUpdate, lastID *uint) error
	// insertLink puts the component into the event.
	insertLink(eventID, componentID uint) error
	// moveLink takes the component out of one event into another.
	moveLink(componentID, from, to uint) error
	// links are the event_components rows of the events, by component id.
	links(eventIDs []uint) ([]eventComponent, error)
}

// eventComponent is one row of event_components.
type eventComponent struct {
	EventID     uint
	ComponentID uint
}

// eventWrite is what every event write does the same way, whoever writes:
// it changes events through its statements and keeps the audit snapshots
// of every event it touched up to date as it writes, so that the audit
// needs no reload.
type eventWrite struct {
	statements eventStatements
	actor      Actor
	now        time.Time
	touched    []uint
	// before holds each touched event as it was (nil: created here); after
	// follows every save, attach, move and update of this write.
	before map[uint]*auditEvent
	after  map[uint]*auditEvent
	// lastUpdateID is the greatest id of the updates this write added,
	// once their statement has run.
	lastUpdateID uint
}

// newEventWrite starts an event write by actor at now.
func newEventWrite(statements eventStatements, actor Actor, now time.Time) *eventWrite {
	return &eventWrite{statements: statements, actor: actor, now: utc(now),
		before: map[uint]*auditEvent{}, after: map[uint]*auditEvent{}}
}

// touch records the events' state before their first change in this
// write: each must be the event as stored now. Their component ids come
// from the statements (one read at most), whatever e.Components holds.
func (w *eventWrite) touch(events ...*model.Event) error {
	var ids []uint
	for _, e := range events {
		if _, ok := w.after[e.ID]; !ok && !slices.Contains(ids, e.ID) {
			ids = append(ids, e.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	links, err := w.statements.links(ids)
	if err != nil {
		return err
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

// create inserts a new event holding the components and records it for the audit.
func (w *eventWrite) create(e *model.Event, componentIDs []uint) error {
	e.StartAt = utc(e.StartAt)
	if e.EndAt != nil {
		end := utc(*e.EndAt)
		e.EndAt = &end
	}
	e.CreatedAt, e.UpdatedAt = w.now, w.now
	if err := w.statements.insertEvent(e); err != nil {
		return fmt.Errorf("store: create event: %w", err)
	}
	w.touched = append(w.touched, e.ID)
	w.before[e.ID] = nil
	w.after[e.ID] = auditOf(e, nil)
	for _, id := range componentIDs {
		if err := w.attach(e.ID, id); err != nil {
			return err
		}
	}
	return nil
}

// save writes the event's own columns (not components, not updates).
func (w *eventWrite) save(e *model.Event) error {
	e.UpdatedAt = w.now
	if err := w.statements.updateEvent(e); err != nil {
		return fmt.Errorf("store: save event %d: %w", e.ID, err)
	}
	if a := w.after[e.ID]; a != nil {
		a.setColumns(e)
	}
	return nil
}

// change records the event for the audit, changes it and saves it: e is
// the event as stored, read in this transaction.
func (w *eventWrite) change(e *model.Event, change func(e *model.Event)) error {
	if err := w.touch(e); err != nil {
		return err
	}
	change(e)
	return w.save(e)
}

// addUpdate appends an update; a status other than SYSTEM becomes the
// event's status (the caller saves the event).
func (w *eventWrite) addUpdate(eventID uint, status, text string, at time.Time) error {
	return w.insertUpdates([]model.EventUpdate{{EventID: eventID, Status: status, Text: text, At: utc(at),
		Author: w.actor.label(), CreatedAt: w.now, UpdatedAt: w.now}})
}

// addUpdates appends several updates in one statement, in order, all at
// the write's time.
func (w *eventWrite) addUpdates(planned []incident.PlannedUpdate) error {
	if len(planned) == 0 {
		return nil
	}
	updates := make([]model.EventUpdate, len(planned))
	for i, p := range planned {
		updates[i] = model.EventUpdate{EventID: p.EventID, Status: p.Status, Text: p.Text, At: w.now,
			Author: w.actor.label(), CreatedAt: w.now, UpdatedAt: w.now}
	}
	return w.insertUpdates(updates)
}

func (w *eventWrite) insertUpdates(updates []model.EventUpdate) error {
	if err := w.statements.insertUpdates(updates, &w.lastUpdateID); err != nil {
		return fmt.Errorf("store: add updates to event %d: %w", updates[0].EventID, err)
	}
	for _, u := range updates {
		w.auditUpdate(u)
	}
	return nil
}

// snapshot is the event as this write left it, for the audit; nil when
// there is no write or it did not touch the event.
func (w *eventWrite) snapshot(eventID uint) *auditEvent {
	if w == nil {
		return nil
	}
	return w.after[eventID]
}

// auditUpdate records an added or changed update in its event's after snapshot.
func (w *eventWrite) auditUpdate(u model.EventUpdate) {
	if a := w.after[u.EventID]; a != nil {
		a.Updates = append(a.Updates, auditUpdate{Status: u.Status, Text: u.Text, At: u.At})
	}
}

// attach puts the component into the event.
func (w *eventWrite) attach(eventID, componentID uint) error {
	if err := w.statements.insertLink(eventID, componentID); err != nil {
		return fmt.Errorf("store: add component %d to event %d: %w", componentID, eventID, err)
	}
	if a := w.after[eventID]; a != nil {
		a.addComponent(componentID)
	}
	return nil
}

// moveComponent takes the component out of one event into another, in one statement.
func (w *eventWrite) moveComponent(componentID, from, to uint) error {
	if err := w.statements.moveLink(componentID, from, to); err != nil {
		return fmt.Errorf("store: move component %d from event %d to %d: %w", componentID, from, to, err)
	}
	if a := w.after[from]; a != nil {
		a.removeComponent(componentID)
	}
	if a := w.after[to]; a != nil {
		a.addComponent(componentID)
	}
	return nil
}

// auditEntries are the audit rows of the events this write touched.
func (w *eventWrite) auditEntries(action string) ([]model.AuditEntry, error) {
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

// auditWrites are the statements that record this write: its audit rows
// and the event_changes rows availability reads; none when it touched
// nothing.
func (w *eventWrite) auditWrites(action string) ([]pendingWrite, error) {
	entries, err := w.auditEntries(action)
	if err != nil || len(entries) == 0 {
		return nil, err
	}
	writes := []pendingWrite{insertAuditsWrite(entries)}
	if changes, ok := w.changesWrite(); ok {
		writes = append(writes, changes)
	}
	return writes, nil
}
