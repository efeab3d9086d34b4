package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"statusdash/app/incident"
	"statusdash/app/model"
)

// Report is a monitoring report on one component (stackmon v1 POST
// component_status).
type Report struct {
	ComponentID uint
	Impact      model.Impact
	// Title names a new system incident; empty gives incident.DefaultTitle.
	Title string
	// Target is the component as the caller found it (FindReportTargets),
	// with its Service and Region: it saves a query, and on PostgreSQL
	// another. It is used only when its ID is ComponentID.
	Target *ReportTarget
}

// ReportResult says what a report did and which event answers it: the
// incident now holding the component, the active maintenance
// (incident.ActionMaintenance) or the incident that refused it
// (incident.ActionConflict, which v1 answers with 409). The event comes with
// its updates, oldest first, and its components as ids only (no service, no
// region); a refusing incident comes with its own columns only.
type ReportResult struct {
	Action incident.Action
	Event  *model.Event
}

// SystemResult is the outcome of a v2 system incident for one component.
type SystemResult struct {
	ComponentID uint
	IncidentID  uint
	// Error is set when the component was not put in an incident.
	Error string
}

// ErrorInMaintenance is SystemResult.Error for a component in an active maintenance.
const ErrorInMaintenance = "event creation failed, component in maintenance"

// ReportComponent applies the stackmon v1 rules (package incident) to a
// report, atomically: the snapshot is read and the decision written in one
// serialised transaction, shared with the reports that wait for the write
// lock at the same time (event_report_queue.go). An unknown component is
// ErrNotFound.
func (s *Storage) ReportComponent(ctx context.Context, actor Actor, r Report, now time.Time) (*ReportResult, error) {
	if r.Impact < model.ImpactMinor || r.Impact > model.ImpactOutage {
		return nil, invalid("impact", "must be 1 (minor), 2 (major) or 3 (outage)")
	}
	title := r.Title
	if title == "" {
		title = incident.DefaultTitle
	}
	if problem := incident.TitleProblem(title); problem != "" {
		return nil, invalid("text", problem)
	}
	if s.dialect == Postgres {
		// Most reports repeat what is known: answer those without waiting
		// for the write lock.
		if result, err := s.reportUnlocked(ctx, r, now); err != nil || result != nil {
			return result, err
		}
	}
	// The label is read before the write lock, to keep the serialised part
	// short: components are never deleted, so it cannot go stale in between.
	component, err := s.labelledComponent(ctx, r)
	if err != nil {
		return nil, err
	}
	result, lastUpdate, answers, err := s.writeReport(&queuedReport{ctx: ctx, actor: actor, report: r, component: component, title: title, now: now})
	if err != nil {
		return nil, err
	}
	if lastUpdate != 0 {
		// The updates are read after the commit, out of the write lock: the
		// ones up to the report's last are the event's as the report left it
		// (later writers' updates have greater ids). Their ids are known only
		// once the queued writes went out, with the audit rows. One read
		// serves the batch's reports on the event.
		if result.Event.Updates, err = answers.updatesUpTo(ctx, result.Event.ID, lastUpdate); err != nil {
			return nil, err
		}
	}
	return result, nil
}

// updatesUpTo reads the event's updates with ids up to last, oldest first.
// A system incident gathers an update per component that joins or leaves
// it, and a report answers with them all: they are scanned by hand,
// without GORM's reflection per row and column.
func (s *Storage) updatesUpTo(ctx context.Context, eventID, last uint) ([]model.EventUpdate, error) {
	rows, err := s.reportDB().WithContext(ctx).Raw("SELECT id, event_id, status, text, at, author, created_at, updated_at FROM event_updates "+
		"WHERE event_id = ? AND id <= ? ORDER BY at, id", eventID, last).Rows()
	if err != nil {
		return nil, fmt.Errorf("store: updates of event %d: %w", eventID, err)
	}
	defer rows.Close()
	var updates []model.EventUpdate
	for rows.Next() {
		var u model.EventUpdate
		if err := rows.Scan(&u.ID, &u.EventID, &u.Status, &u.Text, &u.At, &u.Author, &u.CreatedAt, &u.UpdatedAt); err != nil {
			return nil, fmt.Errorf("store: updates of event %d: %w", eventID, err)
		}
		updates = append(updates, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: updates of event %d: %w", eventID, err)
	}
	return updates, nil
}

// labelledComponent is the report's component with its service's and
// region's names: the caller's, or read.
func (s *Storage) labelledComponent(ctx context.Context, r Report) (model.Component, error) {
	if t := r.Target; t != nil && t.Component.ID == r.ComponentID && t.Component.Service != nil && t.Component.Region != nil {
		return t.Component, nil
	}
	return (&eventTx{tx: s.reportDB().WithContext(ctx)}).componentLabelled(r.ComponentID)
}

// reportUnlocked answers a report that changes nothing without the write
// lock; it answers nil when the report has something to write. Only rules 1
// to 3 change nothing, and they look at the events holding the component
// alone (never at the open system incidents): one statement reads those
// consistently, so a refusal is what a report serialised at that
// statement's moment would have given. A maintenance is answered with its
// updates, from one snapshot.
func (s *Storage) reportUnlocked(ctx context.Context, r Report, now time.Time) (*ReportResult, error) {
	w := &eventTx{tx: s.reportDB().WithContext(ctx), now: utc(now)}
	state := componentState{events: map[uint]*model.Event{}}
	if t := r.Target; t != nil && t.heldRead && t.Component.ID == r.ComponentID {
		state.addHeld(t.held, w.now)
	} else if err := w.readHolding(r.ComponentID, &state); err != nil {
		return nil, err
	}
	decision := incident.Decide(state.Situation, r.Impact)
	switch decision.Action {
	case incident.ActionConflict:
		return w.unchanged(decision, state)
	case incident.ActionMaintenance:
		return s.reportFromSnapshot(ctx, r, now)
	}
	return nil, nil
}

// reportFromSnapshot answers a report that changes nothing from a
// read-only repeatable-read transaction; it answers nil when the report
// has something to write.
func (s *Storage) reportFromSnapshot(ctx context.Context, r Report, now time.Time) (*ReportResult, error) {
	var result *ReportResult
	err := s.reportDB().WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		w := &eventTx{tx: tx, now: utc(now)}
		state, err := w.situation(r.ComponentID)
		if err != nil {
			return err
		}
		decision := incident.Decide(state.Situation, r.Impact)
		if decision.Action.Changes() {
			return nil
		}
		result, err = w.unchanged(decision, state)
		return err
	}, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return nil, err
	}
	return result, nil
}

// unchanged answers a decision that writes nothing: the refusing incident
// with its own columns, or the maintenance with its components and updates.
func (w *eventTx) unchanged(d incident.Decision, state componentState) (*ReportResult, error) {
	existing := state.events[d.Existing.ID]
	if d.Action == incident.ActionConflict {
		answer := *existing
		return &ReportResult{Action: d.Action, Event: &answer}, nil
	}
	answer, err := w.answer(existing)
	if err != nil {
		return nil, err
	}
	return &ReportResult{Action: d.Action, Event: answer}, nil
}

// CreateSystemEvent opens a v2 system incident (system: true): each
// component in turn follows the report rules, never refused: a component
// held by a person's open incident or by a system incident of at least the
// impact gets that incident's id; one in an active maintenance gets the
// maintenance's id and ErrorInMaintenance. Unknown components are a
// validation error and nothing is written.
func (s *Storage) CreateSystemEvent(ctx context.Context, actor Actor, in NewEvent, now time.Time) ([]SystemResult, error) {
	if in.Type != model.TypeIncident {
		return nil, invalid("system", "only an incident can be a system event")
	}
	if err := validation(incident.ValidateNewEvent(in, now)); err != nil {
		return nil, err
	}
	var results []SystemResult
	err := s.writeEvents(ctx, actor, now, ActionEventSystem, func(w *eventTx) error {
		components, err := w.components(in.ComponentIDs)
		if err != nil {
			return err
		}
		changed := false
		for _, component := range components {
			state, err := w.situation(component.ID)
			if err != nil {
				return err
			}
			decision := incident.DecideSystem(state.Situation, in.Impact)
			holder, err := w.apply(decision, component, state, in)
			if err != nil {
				return err
			}
			result := SystemResult{ComponentID: component.ID, IncidentID: holder.ID}
			if decision.Action == incident.ActionMaintenance {
				result.Error = ErrorInMaintenance
			}
			results = append(results, result)
			changed = changed || decision.Action.Changes()
		}
		if !changed {
			return errNoChange
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}

// apply writes the decision for the component and returns the event that
// answers it, as it now is. A new system incident takes its title,
// description and start from opening. Every event the decision names is in
// state, read in this transaction.
func (w *eventTx) apply(d incident.Decision, component model.Component, state componentState, opening incident.NewEvent) (*model.Event, error) {
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

// change records the event for the audit, changes it and saves it: e is
// the event as stored, read in this transaction.
func (w *eventTx) change(e *model.Event, change func(e *model.Event)) error {
	if err := w.touch(e); err != nil {
		return err
	}
	change(e)
	return w.save(e)
}

// answer is the event as a report answers it: its columns, its components
// as ids (no service or region) and its updates oldest first.
func (w *eventTx) answer(e *model.Event) (*model.Event, error) {
	answer, err := w.answerComponents(e)
	if err != nil {
		return nil, err
	}
	if err := w.flush(); err != nil {
		return nil, err
	}
	if err := w.tx.Where("event_id = ?", e.ID).Order("at, id").Find(&answer.Updates).Error; err != nil {
		return nil, fmt.Errorf("store: updates of event %d: %w", e.ID, err)
	}
	return answer, nil
}

// answerComponents is answer without the updates.
func (w *eventTx) answerComponents(e *model.Event) (*model.Event, error) {
	answer := *e
	var ids []uint
	if a := w.after[e.ID]; a != nil {
		ids = a.Components
	} else if known, ok := w.knownComponents(e.ID); ok {
		ids = known
	} else {
		var err error
		if ids, err = w.componentIDs(e.ID); err != nil {
			return nil, err
		}
	}
	answer.Components = make([]model.Component, len(ids))
	for i, id := range ids {
		answer.Components[i] = model.Component{ID: id}
	}
	return &answer, nil
}

// componentLabelled reads a component with its service's and region's
// names, enough for its label, or ErrNotFound.
func (w *eventTx) componentLabelled(id uint) (model.Component, error) {
	var row struct {
		ID, ServiceID, RegionID uint
		ServiceName, RegionName string
	}
	err := w.tx.Table("components").
		Select("components.id, components.service_id, components.region_id, services.name AS service_name, regions.name AS region_name").
		Joins("JOIN services ON services.id = components.service_id").
		Joins("JOIN regions ON regions.id = components.region_id").
		Where("components.id = ?", id).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return model.Component{}, fmt.Errorf("store: component %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return model.Component{}, fmt.Errorf("store: load component %d: %w", id, err)
	}
	return model.Component{ID: row.ID, ServiceID: row.ServiceID, RegionID: row.RegionID,
		Service: &model.Service{ID: row.ServiceID, Name: row.ServiceName},
		Region:  &model.Region{ID: row.RegionID, Name: row.RegionName}}, nil
}

// componentState is what the report rules know of a component, with the
// events they name as read in the transaction.
type componentState struct {
	incident.Situation
	events map[uint]*model.Event
}

// heldEvent is an open event holding the component, with how many
// components it holds.
type heldEvent struct {
	ID             uint
	Type           model.EventType
	Title          string
	Description    string
	Impact         model.Impact
	Status         string
	StartAt        time.Time
	EndAt          *time.Time
	System         bool
	CreatedBy      string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	ComponentCount int
	// Holds is 1 when the event holds the component, and ComponentList its
	// component ids, comma separated (situation only).
	Holds         int
	ComponentList string
}

// situation reads what the report rules need to know about the component in
// one statement: the open events holding it and the open system incidents,
// each with its component ids (kept for touch, so that touching one needs
// no query). Situation.Component stays empty.
func (w *eventTx) situation(componentID uint) (componentState, error) {
	if w.batch != nil {
		return w.batch.situation(componentID, w.now), nil
	}
	state := componentState{events: map[uint]*model.Event{}}
	var rows []heldEvent
	err := w.tx.Raw(unfinishedEventsAround(w.componentList()+" AS component_list", "holds = 1 OR (type = 'incident' AND system = ?)"),
		componentID, true).Scan(&rows).Error
	if err != nil {
		return state, fmt.Errorf("store: situation of component %d: %w", componentID, err)
	}
	var held []heldEvent
	for i, row := range rows {
		ids, err := parseIDList(row.ComponentList)
		if err != nil {
			return state, fmt.Errorf("store: components of event %d: %w", row.ID, err)
		}
		w.knowComponents(row.ID, ids)
		row.ComponentCount = len(ids)
		rows[i] = row
		if row.Holds == 1 {
			held = append(held, row)
		}
	}
	state.addHeld(held, w.now)
	for _, row := range rows {
		if row.Type != model.TypeIncident || row.EndAt != nil || !row.System {
			continue
		}
		if _, ok := state.events[row.ID]; !ok {
			state.events[row.ID] = row.event()
		}
		state.OpenSystem = append(state.OpenSystem, incident.RefOf(state.events[row.ID], 0))
	}
	return state, nil
}

// componentList is the SQL expression of an events row's component ids,
// comma separated, ascending.
func (w *eventTx) componentList() string {
	if w.tx.Dialector.Name() == "postgres" {
		return "COALESCE((SELECT string_agg(listed.component_id::text, ',' ORDER BY listed.component_id) FROM event_components listed WHERE listed.event_id = events.id), '')"
	}
	return "COALESCE((SELECT group_concat(component_id) FROM (SELECT component_id FROM event_components listed WHERE listed.event_id = events.id ORDER BY component_id)), '')"
}

// parseIDList parses componentList's ids.
func parseIDList(list string) ([]uint, error) {
	if list == "" {
		return nil, nil
	}
	parts := strings.Split(list, ",")
	ids := make([]uint, len(parts))
	for i, part := range parts {
		id, err := strconv.ParseUint(part, 10, 64)
		if err != nil {
			return nil, err
		}
		ids[i] = uint(id)
	}
	slices.Sort(ids)
	return ids, nil
}

// readHolding reads the open events holding the component, with their
// component counts, in one statement, into the state's maintenance and
// holding incidents.
func (w *eventTx) readHolding(componentID uint, state *componentState) error {
	var held []heldEvent
	err := w.tx.Raw(unfinishedEventsAround("(SELECT COUNT(*) FROM event_components counted WHERE counted.event_id = events.id) AS component_count", "holds = 1"),
		componentID).Scan(&held).Error
	if err != nil {
		return fmt.Errorf("store: events of component %d: %w", componentID, err)
	}
	state.addHeld(held, w.now)
	return nil
}

// unfinishedEventsSQL tells the events a report looks at: open incidents,
// and maintenance neither completed nor cancelled (whether its window is
// open is decided by model.Event.IsOpen). It is the condition of the
// partial index events_unfinished_idx word for word, constants and all, so
// that both databases read these few events through it instead of every
// event ever recorded.
const unfinishedEventsSQL = "((type = 'incident' AND end_at IS NULL) OR (type = 'maintenance' AND status NOT IN ('completed', 'cancelled')))"

// unfinishedEventsAround selects the unfinished events with extra columns
// and a holds column (1 when the event holds the component given as the
// first argument), keeping those that match where, by id.
func unfinishedEventsAround(columns, where string) string {
	return unfinishedEventsAroundComponent("?", columns, where)
}

// unfinishedEventsAroundComponent is unfinishedEventsAround for the
// component id the SQL expression component gives. Whether an event holds
// the component is looked up per unfinished event, in the event_components
// primary key: a component's past events can be many, its unfinished ones
// are few.
func unfinishedEventsAroundComponent(component, columns, where string) string {
	return "SELECT * FROM (SELECT events.*, " + columns + ", " +
		"CASE WHEN EXISTS (SELECT 1 FROM event_components held WHERE held.event_id = events.id AND held.component_id = " + component + ") THEN 1 ELSE 0 END AS holds " +
		"FROM events WHERE " + unfinishedEventsSQL + ") unfinished WHERE " + where + " ORDER BY id"
}

// addHeld puts the open events holding the component into the state's
// maintenance and holding incidents.
func (state *componentState) addHeld(held []heldEvent, now time.Time) {
	for _, h := range held {
		e := h.event()
		state.events[e.ID] = e
		if e.Type == model.TypeMaintenance {
			if state.Maintenance == nil && e.IsOpen(now) {
				ref := incident.RefOf(e, 0)
				state.Maintenance = &ref
			}
			continue
		}
		state.Holding = append(state.Holding, incident.RefOf(e, h.ComponentCount))
	}
}

// event is the held event's own columns.
func (h heldEvent) event() *model.Event {
	return &model.Event{ID: h.ID, Type: h.Type, Title: h.Title, Description: h.Description, Impact: h.Impact,
		Status: h.Status, StartAt: h.StartAt, EndAt: h.EndAt, System: h.System, CreatedBy: h.CreatedBy,
		CreatedAt: h.CreatedAt, UpdatedAt: h.UpdatedAt}
}
