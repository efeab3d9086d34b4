package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
}

// ReportResult says what a report did and which event answers it: the
// incident now holding the component, the active maintenance
// (incident.ActionMaintenance) or the incident that refused it
// (incident.ActionConflict, which v1 answers with 409).
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
// serialised transaction. An unknown component is ErrNotFound.
func (s *Storage) ReportComponent(ctx context.Context, actor Actor, r Report, now time.Time) (*ReportResult, error) {
	if r.Impact < model.ImpactMinor || r.Impact > model.ImpactOutage {
		return nil, invalid("impact", "must be 1 (minor), 2 (major) or 3 (outage)")
	}
	title := r.Title
	if title == "" {
		title = incident.DefaultTitle
	}
	if len([]rune(title)) > incident.MaxTitle {
		return nil, invalid("text", fmt.Sprintf("may have at most %d characters", incident.MaxTitle))
	}
	if s.dialect == Postgres {
		// Most reports repeat what is known: answer those from one consistent
		// snapshot without waiting for the write lock. Such an answer is what a
		// report serialised at the snapshot's moment would have given.
		if result, err := s.reportFromSnapshot(ctx, r, now); err != nil || result != nil {
			return result, err
		}
	}
	var result ReportResult
	err := s.writeEvents(ctx, actor, now, ActionEventReport, func(w *eventTx) error {
		component, err := w.component(r.ComponentID)
		if err != nil {
			return err
		}
		situation, err := w.situation(component)
		if err != nil {
			return err
		}
		decision := incident.Decide(situation, r.Impact)
		holder, err := w.apply(decision, component, incident.NewEvent{Title: title, StartAt: w.now})
		if err != nil {
			return err
		}
		result.Action = decision.Action
		if result.Event, err = w.load(holder); err != nil {
			return err
		}
		if !decision.Action.Changes() {
			return errNoChange // answered from what is there: no write, no new data version
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &result, nil
}

// reportFromSnapshot answers a report that changes nothing from a
// read-only repeatable-read transaction; it answers nil when the report
// has something to write.
func (s *Storage) reportFromSnapshot(ctx context.Context, r Report, now time.Time) (*ReportResult, error) {
	var result *ReportResult
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		w := &eventTx{tx: tx, now: utc(now)}
		component, err := w.component(r.ComponentID)
		if err != nil {
			return err
		}
		situation, err := w.situation(component)
		if err != nil {
			return err
		}
		decision := incident.Decide(situation, r.Impact)
		if decision.Action.Changes() {
			return nil
		}
		holder, err := w.load(decision.Existing.ID)
		if err != nil {
			return err
		}
		result = &ReportResult{Action: decision.Action, Event: holder}
		return nil
	}, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return nil, err
	}
	return result, nil
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
			situation, err := w.situation(component)
			if err != nil {
				return err
			}
			decision := incident.DecideSystem(situation, in.Impact)
			holder, err := w.apply(decision, component, in)
			if err != nil {
				return err
			}
			result := SystemResult{ComponentID: component.ID, IncidentID: holder}
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

// apply writes the decision for the component and returns the id of the
// event that answers it. A new system incident takes its title,
// description and start from opening.
func (w *eventTx) apply(d incident.Decision, component model.Component, opening incident.NewEvent) (uint, error) {
	switch d.Action {
	case incident.ActionMaintenance, incident.ActionConflict:
		return d.Existing.ID, nil
	}
	var created incident.Ref
	if d.Action == incident.ActionOpen || d.Action == incident.ActionMoveToNew {
		e := &model.Event{Type: model.TypeIncident, Title: opening.Title, Description: opening.Description,
			Impact: d.Impact, Status: model.StatusDetected, StartAt: opening.StartAt, System: true, CreatedBy: w.actor.Subject}
		if e.StartAt.IsZero() || e.StartAt.After(w.now) {
			e.StartAt = w.now
		}
		if err := w.create(e, nil); err != nil {
			return 0, err
		}
		created = incident.RefOf(e, 0)
	}
	holder := created.ID
	switch d.Action {
	case incident.ActionRaiseImpact:
		holder = d.From.ID
		if err := w.changeEvent(d.From.ID, func(e *model.Event) { e.Impact = d.Impact }); err != nil {
			return 0, err
		}
	case incident.ActionMoveToExisting, incident.ActionMoveToNew:
		to := d.Target.ID
		if d.Action == incident.ActionMoveToNew {
			to = created.ID
		}
		holder = to
		for _, id := range []uint{d.From.ID, to} {
			if err := w.changeEvent(id, func(*model.Event) {}); err != nil {
				return 0, err
			}
		}
		if err := w.detach(d.From.ID, component.ID); err != nil {
			return 0, err
		}
		if err := w.attach(to, component.ID); err != nil {
			return 0, err
		}
		if d.CloseFrom {
			end := w.now
			if err := w.changeEvent(d.From.ID, func(e *model.Event) { e.EndAt, e.Status = &end, model.StatusResolved }); err != nil {
				return 0, err
			}
		}
	case incident.ActionJoin:
		holder = d.Target.ID
		if err := w.changeEvent(holder, func(*model.Event) {}); err != nil {
			return 0, err
		}
		if err := w.attach(holder, component.ID); err != nil {
			return 0, err
		}
	case incident.ActionOpen:
		if err := w.attach(holder, component.ID); err != nil {
			return 0, err
		}
	}
	for _, u := range d.Updates(incident.ComponentLabel(component), created) {
		if err := w.addUpdate(u.EventID, u.Status, u.Text, w.now); err != nil {
			return 0, err
		}
	}
	return holder, nil
}

// changeEvent loads an event, records it for the audit, changes it and saves it.
func (w *eventTx) changeEvent(id uint, change func(e *model.Event)) error {
	e, err := w.load(id)
	if err != nil {
		return err
	}
	if err := w.touch(e); err != nil {
		return err
	}
	change(e)
	return w.save(e)
}

// component reads one component with service and region, or ErrNotFound.
func (w *eventTx) component(id uint) (model.Component, error) {
	var c model.Component
	err := w.tx.Preload("Service.Category").Preload("Region").First(&c, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return c, fmt.Errorf("store: component %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return c, fmt.Errorf("store: load component %d: %w", id, err)
	}
	return c, nil
}

// situation reads what the report rules need to know about the component.
func (w *eventTx) situation(component model.Component) (incident.Situation, error) {
	s := incident.Situation{Component: incident.ComponentLabel(component)}
	var holding []*model.Event
	err := w.tx.Where("(type = ? AND end_at IS NULL) OR (type = ? AND status NOT IN ?)",
		model.TypeIncident, model.TypeMaintenance, []string{model.StatusCompleted, model.StatusCancelled}).
		Where("id IN (?)", w.tx.Table("event_components").Select("event_id").Where("component_id = ?", component.ID)).
		Order("id").Find(&holding).Error
	if err != nil {
		return s, fmt.Errorf("store: events of component %d: %w", component.ID, err)
	}
	for _, e := range holding {
		if e.Type == model.TypeMaintenance {
			if s.Maintenance == nil && e.IsOpen(w.now) {
				ref := incident.RefOf(e, 0)
				s.Maintenance = &ref
			}
			continue
		}
		count, err := w.componentCount(e.ID)
		if err != nil {
			return s, err
		}
		s.Holding = append(s.Holding, incident.RefOf(e, count))
	}
	var system []*model.Event
	if err := w.tx.Where("type = ? AND end_at IS NULL AND system = ?", model.TypeIncident, true).Order("id").Find(&system).Error; err != nil {
		return s, fmt.Errorf("store: open system incidents: %w", err)
	}
	for _, e := range system {
		s.OpenSystem = append(s.OpenSystem, incident.RefOf(e, 0))
	}
	return s, nil
}
