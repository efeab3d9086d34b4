package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"statusdash/app/incident"
	"statusdash/app/model"
)

// Inputs of the event writes; their rules live in package incident.
type (
	// NewEvent is an incident, maintenance window or info notice to open.
	NewEvent = incident.NewEvent
	// NewUpdate is a status update with the changes it carries.
	NewUpdate = incident.Update
	// EventEdit changes title, description or times without an update.
	EventEdit = incident.Edit
)

// Audit actions of the event writes.
const (
	ActionEventCreate     = "event.create"
	ActionEventUpdate     = "event.update"
	ActionEventEdit       = "event.edit"
	ActionEventUpdateText = "event.update_text"
	ActionEventExtract    = "event.extract"
	ActionEventReport     = "event.report"
	ActionEventSystem     = "event.system_create"
	ActionEventAdvance    = "event.advance"
)

// defaultFirstMessage is the first update's text when the person gives none.
var defaultFirstMessage = map[model.EventType]string{
	model.TypeIncident:    "We are investigating the issue.",
	model.TypeMaintenance: "The maintenance is planned.",
	model.TypeInfo:        "Planned.",
}

// CreateEvent opens an event for a person. An incident takes its components
// out of the other open incidents, with a SYSTEM update on both, and closes
// an incident left without components.
func (s *Storage) CreateEvent(ctx context.Context, actor Actor, in NewEvent, now time.Time) (*model.Event, error) {
	if err := validation(incident.ValidateNewEvent(in, now)); err != nil {
		return nil, err
	}
	var created *model.Event
	err := s.writeEvents(ctx, actor, now, ActionEventCreate, func(w *eventTx) error {
		components, err := componentsByID(w.tx, in.ComponentIDs)
		if err != nil {
			return err
		}
		e := &model.Event{Type: in.Type, Title: in.Title, Description: in.Description, Impact: in.Impact,
			Status: incident.FirstStatus(in.Type), StartAt: in.StartAt, EndAt: in.EndAt, CreatedBy: actor.Subject}
		if err := w.create(e, componentIDs(components)); err != nil {
			return err
		}
		message := in.Message
		if message == "" {
			message = defaultFirstMessage[in.Type]
		}
		// An incident is detected when it starts; a window is planned now.
		at := w.now
		if in.Type == model.TypeIncident && e.StartAt.Before(at) {
			at = e.StartAt
		}
		if err := w.addUpdate(e.ID, e.Status, message, at); err != nil {
			return err
		}
		if in.Type == model.TypeIncident {
			for _, component := range components {
				if err := w.takeComponent(component, e); err != nil {
					return err
				}
			}
		}
		created, err = w.load(e.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return created, nil
}

// takeComponent moves the component out of every other open incident into e.
func (w *eventTx) takeComponent(component model.Component, e *model.Event) error {
	others, err := w.openIncidentsHolding(component.ID, e.ID)
	if err != nil {
		return err
	}
	for _, other := range others {
		if err := w.touch(other); err != nil {
			return err
		}
		if err := w.detach(other.ID, component.ID); err != nil {
			return err
		}
		label := incident.ComponentLabel(component)
		if err := w.addUpdate(other.ID, model.StatusSystem, incident.MovedToText(label, incident.RefOf(e, 0)), w.now); err != nil {
			return err
		}
		if err := w.addUpdate(e.ID, model.StatusSystem, incident.MovedFromText(label, incident.RefOf(other, 0)), w.now); err != nil {
			return err
		}
		if err := w.closeIfEmpty(other, incident.RefOf(e, 0)); err != nil {
			return err
		}
	}
	return nil
}

// AddUpdate posts a person's status update on an event: resolved sets the
// end, reopened clears it, changed corrects it, impact changed changes the
// impact, a window's completed or cancelled ends it. It clears System.
func (s *Storage) AddUpdate(ctx context.Context, actor Actor, eventID uint, in NewUpdate, now time.Time) (*model.Event, error) {
	var updated *model.Event
	err := s.writeEvents(ctx, actor, now, ActionEventUpdate, func(w *eventTx) error {
		e, err := w.load(eventID)
		if err != nil {
			return err
		}
		if err := validation(incident.ValidateUpdate(e, in, now)); err != nil {
			return err
		}
		if e.Type == model.TypeIncident && e.EndAt != nil && in.Status == model.StatusReopened {
			if err := w.checkReopen(e); err != nil {
				return err
			}
		}
		if err := w.touch(e); err != nil {
			return err
		}
		row := incident.ApplyUpdate(e, in)
		if err := w.save(e); err != nil {
			return err
		}
		if err := w.addUpdate(e.ID, row.Status, row.Text, row.At); err != nil {
			return err
		}
		updated, err = w.load(e.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return updated, nil
}

// ConflictError is a write refused because of other events, or the lack
// of them: nothing was written. It wraps ErrConflict.
type ConflictError struct {
	// Field is the input refused (a v2 JSON name, as in ValidationError).
	Field   string
	Message string
	// EventID is the event in the way; 0 when none is.
	EventID uint
}

func (e *ConflictError) Error() string { return "store: conflict: " + e.Field + ": " + e.Message }

// Unwrap makes a ConflictError an ErrConflict.
func (e *ConflictError) Unwrap() error { return ErrConflict }

// checkReopen refuses to reopen the closed incident e (loaded with its
// components) when that would break the rules every other write keeps: a
// component is in one open incident at a time, and an open incident holds
// at least one component.
func (w *eventTx) checkReopen(e *model.Event) error {
	if len(e.Components) == 0 {
		return &ConflictError{Field: "status", Message: fmt.Sprintf("incident %d cannot be reopened: it holds no component "+
			"any more (they moved to other incidents); open a new incident instead", e.ID)}
	}
	var holder struct {
		ID          uint
		Title       string
		ComponentID uint
	}
	err := w.tx.Table("events").Select("events.id, events.title, event_components.component_id").
		Joins("JOIN event_components ON event_components.event_id = events.id").
		Where("events.type = ? AND events.end_at IS NULL AND events.id <> ? AND event_components.component_id IN ?",
			model.TypeIncident, e.ID, componentIDs(e.Components)).
		Order("events.id, event_components.component_id").Limit(1).Scan(&holder).Error
	if err != nil {
		return fmt.Errorf("store: open incidents holding the components of event %d: %w", e.ID, err)
	}
	if holder.ID == 0 {
		return nil
	}
	i := slices.IndexFunc(e.Components, func(c model.Component) bool { return c.ID == holder.ComponentID })
	return &ConflictError{Field: "status", EventID: holder.ID, Message: fmt.Sprintf("incident %d cannot be reopened: "+
		"%s is in open incident %d (%s) now, and a component is in one open incident at a time; resolve incident %d first, or open a new incident",
		e.ID, incident.ComponentLabel(e.Components[i]), holder.ID, holder.Title, holder.ID)}
}

// EditEvent changes an event's title, description or times. It clears System.
func (s *Storage) EditEvent(ctx context.Context, actor Actor, eventID uint, in EventEdit, now time.Time) (*model.Event, error) {
	var edited *model.Event
	err := s.writeEvents(ctx, actor, now, ActionEventEdit, func(w *eventTx) (err error) {
		edited, err = w.edit(eventID, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return edited, nil
}

// edit applies the edit to the event and reads it back.
func (w *eventTx) edit(eventID uint, in EventEdit) (*model.Event, error) {
	e, err := w.load(eventID)
	if err != nil {
		return nil, err
	}
	if err := validation(incident.ValidateEdit(e, in, w.now)); err != nil {
		return nil, err
	}
	if err := w.touch(e); err != nil {
		return nil, err
	}
	incident.ApplyEdit(e, in)
	if err := w.save(e); err != nil {
		return nil, err
	}
	return w.load(e.ID)
}

// EditUpdateText replaces the text of the event's update at index (0 is the
// oldest). An index out of range is ErrNotFound. It clears the event's System.
func (s *Storage) EditUpdateText(ctx context.Context, actor Actor, eventID uint, index int, text string, now time.Time) (*model.EventUpdate, error) {
	if err := validation(incident.ValidateUpdateText(text)); err != nil {
		return nil, err
	}
	var edited model.EventUpdate
	err := s.writeEvents(ctx, actor, now, ActionEventUpdateText, func(w *eventTx) error {
		e, err := w.load(eventID)
		if err != nil {
			return err
		}
		if index < 0 || index >= len(e.Updates) {
			return fmt.Errorf("store: update %d of event %d: %w", index, eventID, ErrNotFound)
		}
		if err := w.touch(e); err != nil {
			return err
		}
		edited = e.Updates[index]
		edited.Text, edited.UpdatedAt = text, w.now
		if err := w.tx.Model(&model.EventUpdate{}).Where("id = ?", edited.ID).
			Updates(map[string]any{"text": text, "updated_at": w.now}).Error; err != nil {
			return fmt.Errorf("store: edit update %d of event %d: %w", index, eventID, err)
		}
		old := e.Updates[index]
		w.before[e.ID].Updates = append(w.before[e.ID].Updates, auditUpdate{Status: old.Status, Text: old.Text, At: old.At})
		w.auditUpdate(edited)
		e.System = false
		return w.save(e)
	})
	if err != nil {
		return nil, err
	}
	return &edited, nil
}

// ExtractComponents moves some components of an incident into a new incident
// with the same title, impact, description, start and status. At least one
// component must stay; a component not in the incident is a validation error.
func (s *Storage) ExtractComponents(ctx context.Context, actor Actor, eventID uint, ids []uint, now time.Time) (*model.Event, error) {
	ids = uniqueIDs(ids)
	if len(ids) == 0 {
		return nil, invalid("components", "choose at least one component to extract")
	}
	var extracted *model.Event
	err := s.writeEvents(ctx, actor, now, ActionEventExtract, func(w *eventTx) error {
		e, err := w.load(eventID)
		if err != nil {
			return err
		}
		if e.Type != model.TypeIncident {
			return invalid("components", "only an incident's components can be extracted")
		}
		var moving []model.Component
		for _, id := range ids {
			i := slices.IndexFunc(e.Components, func(c model.Component) bool { return c.ID == id })
			if i < 0 {
				return invalid("components", fmt.Sprintf("component %d is not in event %d", id, eventID))
			}
			moving = append(moving, e.Components[i])
		}
		if len(moving) == len(e.Components) {
			return invalid("components", "at least one component must stay in the incident")
		}
		if err := w.touch(e); err != nil {
			return err
		}
		n := &model.Event{Type: e.Type, Title: e.Title, Description: e.Description, Impact: e.Impact,
			Status: e.Status, StartAt: e.StartAt, EndAt: e.EndAt, CreatedBy: actor.Subject}
		if err := w.create(n, nil); err != nil {
			return err
		}
		for _, component := range moving {
			if err := w.move(component, e, n); err != nil {
				return err
			}
		}
		e.System = false
		if err := w.save(e); err != nil {
			return err
		}
		extracted, err = w.load(n.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return extracted, nil
}

func componentIDs(components []model.Component) []uint {
	ids := make([]uint, len(components))
	for i, c := range components {
		ids[i] = c.ID
	}
	return ids
}
