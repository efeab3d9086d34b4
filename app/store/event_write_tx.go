package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
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

// eventTx is a person's event write (and the maintenance schedule's): one
// transaction whose statements run at once, in the order written.
type eventTx struct {
	*eventWrite
	tx *gorm.DB
}

// writeEvents runs fn in one serialised write transaction and then writes
// one audit row with action for each event fn touched or created.
// fn may return errNoChange to write nothing and report success.
func (s *Storage) writeEvents(ctx context.Context, actor Actor, now time.Time, action string, fn func(w *eventTx) error) error {
	return s.writeEventsUnlocked(ctx, actor, now, action, func(w *eventTx) error {
		if err := s.lockEventWrites(w.tx); err != nil {
			return err
		}
		return fn(w)
	})
}

// lockEventWrites serialises the transaction's event writes with every
// other's, for the rest of the transaction.
func (s *Storage) lockEventWrites(tx *gorm.DB) error {
	if s.specific.lockEventWrites == "" {
		return nil
	}
	if err := tx.Exec(s.specific.lockEventWrites, eventWriteLock).Error; err != nil {
		return fmt.Errorf("store: lock event writes: %w", err)
	}
	return nil
}

// writeEventsUnlocked is writeEvents without the advisory lock, for writes
// that claim their own rows.
func (s *Storage) writeEventsUnlocked(ctx context.Context, actor Actor, now time.Time, action string, fn func(w *eventTx) error) error {
	err := s.inTxBumping(ctx, func(tx *gorm.DB) (bool, error) { return s.writeEventsIn(tx, actor, now, action, fn) })
	if errors.Is(err, errNoChange) {
		return nil
	}
	return err
}

// writeEventsIn runs fn as an event write in tx, then its audit rows and
// the refresh of the availability roll-ups; it says whether it bumped the
// data version.
func (s *Storage) writeEventsIn(tx *gorm.DB, actor Actor, now time.Time, action string, fn func(w *eventTx) error) (bool, error) {
	w := &eventTx{eventWrite: newEventWrite(immediateStatements{tx: tx}, actor, now), tx: tx}
	if err := fn(w); err != nil {
		return false, err
	}
	writes, err := w.auditWrites(action)
	if err != nil || len(writes) == 0 {
		return false, err
	}
	bumped, err := s.writeAuditsBumping(tx, writes)
	if err != nil {
		return false, err
	}
	if err := s.runAfterEventWrite(tx, w.notices()); err != nil {
		return false, err
	}
	return bumped, refreshRollups(tx, &s.specific, w.rollupRange())
}

// writeAuditsBumping sends a write's audit statements (auditWrites), and
// where writes go together the new data version in the same statement: it
// says whether it did.
func (s *Storage) writeAuditsBumping(tx *gorm.DB, writes []pendingWrite) (bool, error) {
	if !s.specific.writesTogether {
		for _, write := range writes {
			if err := runWrite(tx, write); err != nil {
				return false, fmt.Errorf("store: write audit entries: %w", err)
			}
		}
		return false, nil
	}
	if err := sendWrites(tx, append([]pendingWrite{{sql: bumpDataVersion}}, writes...)); err != nil {
		return false, fmt.Errorf("store: write audit entries: %w", err)
	}
	return true, nil
}

// immediateStatements run each statement of an event write at once.
type immediateStatements struct{ tx *gorm.DB }

func (st immediateStatements) insertEvent(e *model.Event) error {
	return st.tx.Omit(clause.Associations).Create(e).Error
}

func (st immediateStatements) updateEvent(e *model.Event) error {
	return runWrite(st.tx, updateEventWrite(e))
}

func (st immediateStatements) insertUpdates(updates []model.EventUpdate, lastID *uint) error {
	return runWrite(st.tx, insertUpdatesWrite(updates, lastID))
}

func (st immediateStatements) insertLink(eventID, componentID uint) error {
	return st.tx.Exec(insertLinkSQL, eventID, componentID).Error
}

func (st immediateStatements) moveLink(componentID, from, to uint) error {
	return st.tx.Exec(moveLinkSQL, to, from, componentID).Error
}

func (st immediateStatements) links(eventIDs []uint) ([]eventComponent, error) {
	return readLinks(st.tx, eventIDs)
}

// readLinks reads the event_components rows of the events.
func readLinks(tx *gorm.DB, eventIDs []uint) ([]eventComponent, error) {
	var links []eventComponent
	if err := tx.Table("event_components").Select("event_id, component_id").Where("event_id IN ?", eventIDs).
		Order("component_id").Scan(&links).Error; err != nil {
		return nil, fmt.Errorf("store: components of events %v: %w", eventIDs, err)
	}
	return links, nil
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

// componentsByID reads the components with the ids, with service and
// region, in the order given; an unknown id is a validation error on
// "components".
func componentsByID(tx *gorm.DB, ids []uint) ([]model.Component, error) {
	ids = uniqueIDs(ids)
	var found []model.Component
	if err := tx.Preload("Service.Category").Preload("Region").Where("id IN ?", ids).Order("id").Find(&found).Error; err != nil {
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

// detach takes the component out of the event.
func (w *eventTx) detach(eventID, componentID uint) error {
	if err := w.tx.Exec(deleteLinkSQL, eventID, componentID).Error; err != nil {
		return fmt.Errorf("store: remove component %d from event %d: %w", componentID, eventID, err)
	}
	if a := w.after[eventID]; a != nil {
		a.removeComponent(componentID)
	}
	return nil
}

func (w *eventTx) componentCount(eventID uint) (int, error) {
	var n int64
	if err := w.tx.Table("event_components").Where("event_id = ?", eventID).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("store: count components of event %d: %w", eventID, err)
	}
	return int(n), nil
}

// move takes the component out of from and into to, with a SYSTEM update on
// each naming the other, and closes from when it is left empty.
func (w *eventTx) move(component model.Component, from, to *model.Event) error {
	if err := w.touch(from, to); err != nil {
		return err
	}
	if err := w.moveComponent(component.ID, from.ID, to.ID); err != nil {
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
