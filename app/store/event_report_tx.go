package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"statusdash/app/incident"
	"statusdash/app/model"
)

// reportTx is one serialised transaction of writes made by the report
// rules (incident.Decide): a batch of monitoring reports
// (event_report_queue.go) or a v2 system incident (CreateSystemEvent). It
// owns what makes those fast, so that no other write carries it: the
// events the rules look at are read once (reportBatch) and kept as its
// writes change them, so that each report decides without a statement; on
// PostgreSQL its writes are held back and go out together in one statement
// (pendingWrites), sent before any read that must see them. Each report
// is an eventWrite over it, with its own audit rows.
type reportTx struct {
	tx       *gorm.DB
	specific *dialectSpecific
	// pending holds the writes back where they can go out together; nil:
	// each runs at once.
	pending *pendingWrites
	// batch is what the rules know of the events, as the writes leave them.
	batch *reportBatch
	// rollups is what the reports' writes touched, refreshed at the end.
	rollups rollupRange
	// notices are what the reports' writes did, for the event write hook.
	notices []EventNotice
}

// inReportTx runs fn in one serialised write transaction of report-rule
// writes on the pool db, and sends the writes held back, with the new data
// version. fn may return errNoChange to write nothing and report success.
func (s *Storage) inReportTx(ctx context.Context, db *gorm.DB, fn func(r *reportTx) error) error {
	err := s.inTxBumpingOn(ctx, db, func(tx *gorm.DB) (bool, error) {
		if err := s.lockEventWrites(tx); err != nil {
			return false, err
		}
		r := &reportTx{tx: tx, specific: &s.specific}
		if s.specific.writesTogether {
			r.pending = &pendingWrites{}
		}
		if err := fn(r); err != nil {
			return false, err
		}
		if r.pending == nil {
			if err := s.runAfterEventWrite(tx, r.notices); err != nil {
				return false, err
			}
			return false, refreshRollups(tx, r.specific, r.rollups)
		}
		r.pending.add(pendingWrite{sql: bumpDataVersion})
		if err := r.flush(); err != nil {
			return false, err
		}
		if err := s.runAfterEventWrite(tx, r.notices); err != nil {
			return false, err
		}
		return true, refreshRollups(tx, r.specific, r.rollups)
	})
	if errors.Is(err, errNoChange) {
		return nil
	}
	return err
}

// newWrite starts one report's writes (or a system incident's) in the transaction.
func (r *reportTx) newWrite(actor Actor, now time.Time) *eventWrite {
	return newEventWrite(r, actor, now)
}

// read reads what the rules look at for the components (reportBatch).
func (r *reportTx) read(componentIDs []uint) error {
	if err := r.flush(); err != nil {
		return err
	}
	batch, err := readReportBatch(r.tx, r.specific, componentIDs)
	if err != nil {
		return err
	}
	r.batch = batch
	return nil
}

// send runs the write, or holds it back.
func (r *reportTx) send(p pendingWrite) error {
	if r.pending == nil {
		return runWrite(r.tx, p)
	}
	r.pending.add(p)
	return nil
}

// flush sends the writes held back.
func (r *reportTx) flush() error {
	if r.pending == nil {
		return nil
	}
	return r.pending.send(r.tx)
}

// sendHeldLinksOf sends the writes held back when they change the
// component's event_components rows: writes sent together do not see each
// other's rows, and the next report on the component may change them again.
func (r *reportTx) sendHeldLinksOf(componentID uint) error {
	if r.pending == nil || !r.pending.changesLinksOf(componentID) {
		return nil
	}
	return r.flush()
}

// insertEvent sends the writes held back before it, in order: the new
// event's id is needed at once.
func (r *reportTx) insertEvent(e *model.Event) error {
	if err := r.flush(); err != nil {
		return err
	}
	if err := r.tx.Omit(clause.Associations).Create(e).Error; err != nil {
		return err
	}
	r.batch.created(e)
	return nil
}

func (r *reportTx) updateEvent(e *model.Event) error {
	return r.send(updateEventWrite(e))
}

func (r *reportTx) insertUpdates(updates []model.EventUpdate, lastID *uint) error {
	return r.send(insertUpdatesWrite(updates, lastID))
}

func (r *reportTx) insertLink(eventID, componentID uint) error {
	link := rowsWrite(insertLinkInto, "(?, ?)", []any{eventID, componentID})
	link.component = componentID
	if err := r.send(link); err != nil {
		return err
	}
	r.batch.attached(eventID, componentID)
	return nil
}

func (r *reportTx) moveLink(componentID, from, to uint) error {
	if err := r.send(pendingWrite{sql: moveLinkSQL, args: []any{to, from, componentID}, component: componentID}); err != nil {
		return err
	}
	r.batch.detached(from, componentID)
	r.batch.attached(to, componentID)
	return nil
}

// links answers from the batch, which holds every event the rules name.
func (r *reportTx) links(eventIDs []uint) ([]eventComponent, error) {
	var links []eventComponent
	for _, id := range eventIDs {
		components, ok := r.batch.components[id]
		if !ok {
			if err := r.flush(); err != nil {
				return nil, err
			}
			return readLinks(r.tx, eventIDs)
		}
		for _, c := range components {
			links = append(links, eventComponent{EventID: id, ComponentID: c})
		}
	}
	return links, nil
}

// writeAudits writes, or holds back, the audit rows of one report's writes.
func (r *reportTx) writeAudits(w *eventWrite, action string) error {
	writes, err := w.auditWrites(action)
	if err != nil {
		return err
	}
	r.rollups.add(w.rollupRange())
	r.notices = append(r.notices, w.notices()...)
	for _, write := range writes {
		if err := r.send(write); err != nil {
			return fmt.Errorf("store: write audit entries: %w", err)
		}
	}
	return nil
}

// report applies the stackmon v1 rules to a report on the component and
// makes or holds back its writes; the audit rows are the caller's.
func (r *reportTx) report(w *eventWrite, component model.Component, impact model.Impact, title string) (*ReportResult, error) {
	if err := r.sendHeldLinksOf(component.ID); err != nil {
		return nil, err
	}
	state := r.batch.situation(component.ID, w.now)
	decision := incident.Decide(state.Situation, impact)
	if !decision.Action.Changes() {
		return r.unchanged(decision, state)
	}
	holder, err := r.apply(w, decision, component, state, incident.NewEvent{Title: title, StartAt: w.now})
	if err != nil {
		return nil, err
	}
	answer, err := r.answerComponents(w, holder)
	if err != nil {
		return nil, err
	}
	return &ReportResult{Action: decision.Action, Event: answer}, nil
}

// apply writes the decision for the component and returns the event that
// answers it, as it now is. A new system incident takes its title,
// description and start from opening. Every event the decision names is in
// state, from the batch.
func (r *reportTx) apply(w *eventWrite, d incident.Decision, component model.Component, state componentState, opening incident.NewEvent) (*model.Event, error) {
	switch d.Action {
	case incident.ActionMaintenance, incident.ActionConflict:
		return state.events[d.Existing.ID], nil
	}
	var created *model.Event
	var createdRef incident.Ref
	if d.Action == incident.ActionOpen || d.Action == incident.ActionMoveToNew {
		created = &model.Event{Type: model.TypeIncident, Title: opening.Title, Description: opening.Description,
			Impact: d.Impact, Status: model.StatusDetected, StartAt: opening.StartAt, System: true, CreatedBy: w.actor.Subject}
		if created.StartAt.IsZero() || created.StartAt.After(w.now) {
			created.StartAt = w.now
		}
		if err := w.create(created, nil); err != nil {
			return nil, err
		}
		createdRef = incident.RefOf(created, 0)
	}
	from, target := state.events[d.From.ID], state.events[d.Target.ID]
	var holder *model.Event
	switch d.Action {
	case incident.ActionRaiseImpact:
		holder = from
		if err := w.change(from, func(e *model.Event) { e.Impact = d.Impact }); err != nil {
			return nil, err
		}
	case incident.ActionMoveToExisting, incident.ActionMoveToNew:
		holder = created
		if d.Action == incident.ActionMoveToExisting {
			holder = target
		}
		if err := w.touch(from, holder); err != nil {
			return nil, err
		}
		if err := w.change(from, func(e *model.Event) {
			if d.CloseFrom {
				end := w.now
				e.EndAt, e.Status = &end, model.StatusResolved
			}
		}); err != nil {
			return nil, err
		}
		if holder != created {
			if err := w.change(target, func(*model.Event) {}); err != nil {
				return nil, err
			}
		}
		if err := w.moveComponent(component.ID, from.ID, holder.ID); err != nil {
			return nil, err
		}
	case incident.ActionJoin:
		holder = target
		if err := w.change(target, func(*model.Event) {}); err != nil {
			return nil, err
		}
		if err := w.attach(holder.ID, component.ID); err != nil {
			return nil, err
		}
	case incident.ActionOpen:
		holder = created
		if err := w.attach(holder.ID, component.ID); err != nil {
			return nil, err
		}
	}
	if err := w.addUpdates(d.Updates(incident.ComponentLabel(component), createdRef)); err != nil {
		return nil, err
	}
	return holder, nil
}

// unchanged answers a decision that writes nothing: the refusing incident
// with its own columns, or the maintenance with its components and updates.
func (r *reportTx) unchanged(d incident.Decision, state componentState) (*ReportResult, error) {
	existing := state.events[d.Existing.ID]
	if d.Action == incident.ActionConflict {
		answer := *existing
		return &ReportResult{Action: d.Action, Event: &answer}, nil
	}
	answer, err := r.answerComponents(nil, existing)
	if err != nil {
		return nil, err
	}
	if err := r.flush(); err != nil {
		return nil, err
	}
	if err := r.tx.Where("event_id = ?", existing.ID).Order("at, id").Find(&answer.Updates).Error; err != nil {
		return nil, fmt.Errorf("store: updates of event %d: %w", existing.ID, err)
	}
	return &ReportResult{Action: d.Action, Event: answer}, nil
}

// answerComponents is the event as a report answers it, without its
// updates: its columns and its components as ids (no service or region),
// as the write w (if any) left them.
func (r *reportTx) answerComponents(w *eventWrite, e *model.Event) (*model.Event, error) {
	answer := *e
	var ids []uint
	if a := w.snapshot(e.ID); a != nil {
		ids = a.Components
	} else if known, ok := r.batch.components[e.ID]; ok {
		ids = known
	} else {
		links, err := r.links([]uint{e.ID})
		if err != nil {
			return nil, err
		}
		for _, link := range links {
			ids = append(ids, link.ComponentID)
		}
	}
	answer.Components = make([]model.Component, len(ids))
	for i, id := range ids {
		answer.Components[i] = model.Component{ID: id}
	}
	return &answer, nil
}
