package store

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"statusdash/app/incident"
	"statusdash/app/model"
)

// reportBatch is what a reportTx knows of the events the report rules look
// at: the unfinished events holding any of its components and the open
// system incidents, each with its component ids. It is read in one
// statement under the write lock, and the transaction's writes keep it as
// the database now is, so that each report decides on it without a
// statement of its own: the reports' situations are what one transaction
// per report would have read.
//
// The report rules write only system incidents: they open them, move
// components between them, raise their impact and close them. A person's
// incident and a maintenance are read, never changed.
type reportBatch struct {
	// events are the events by id, as stored now: the reports' writes
	// change them in place.
	events map[uint]*model.Event
	// components are the events' component ids, ascending. A list is
	// replaced, never changed in place: audit snapshots share them.
	components map[uint][]uint
}

// readReportBatch reads the unfinished events holding any of the
// components, and the open system incidents, with their component ids.
func readReportBatch(tx *gorm.DB, specific *dialectSpecific, componentIDs []uint) (*reportBatch, error) {
	var rows []heldEvent
	sql, args := reportBatchQuery(specific, componentIDs)
	if err := tx.Raw(sql, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: events of components %v: %w", componentIDs, err)
	}
	batch := &reportBatch{events: make(map[uint]*model.Event, len(rows)), components: make(map[uint][]uint, len(rows))}
	for _, row := range rows {
		components, err := parseIDList(row.ComponentList)
		if err != nil {
			return nil, fmt.Errorf("store: components of event %d: %w", row.ID, err)
		}
		batch.events[row.ID] = row.event()
		batch.components[row.ID] = components
	}
	return batch, nil
}

// reportBatchQuery is readReportBatch's statement and its arguments. The
// component ids go as one argument, for the statement to be the same
// whatever their number.
func reportBatchQuery(specific *dialectSpecific, componentIDs []uint) (string, []any) {
	return "SELECT events.*, " + specific.componentList + " AS component_list FROM events WHERE " + unfinishedEventsSQL +
		" AND ((type = 'incident' AND system = ?) OR EXISTS (SELECT 1 FROM event_components held WHERE held.event_id = events.id AND " + specific.holdsAnyOf + "))" +
		" ORDER BY id", []any{true, specific.idList(componentIDs)}
}

// parseIDList parses the ids of dialectSpecific.componentList.
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

// unfinishedEventsSQL tells the events a report looks at: open incidents,
// and maintenance neither completed nor cancelled (whether its window is
// open is decided by model.Event.IsOpen). It is the condition of the
// partial index events_unfinished_idx word for word, constants and all, so
// that both databases read these few events through it instead of every
// event ever recorded.
const unfinishedEventsSQL = "((type = 'incident' AND end_at IS NULL) OR (type = 'maintenance' AND status NOT IN ('completed', 'cancelled')))"

// unfinished is unfinishedEventsSQL in Go.
func unfinished(e *model.Event) bool {
	switch e.Type {
	case model.TypeIncident:
		return e.EndAt == nil
	case model.TypeMaintenance:
		return e.Status != model.StatusCompleted && e.Status != model.StatusCancelled
	}
	return false
}

// situation is what the report rules know of the component now: the
// unfinished events holding it, and the open system incidents. The events
// are the batch's own, for the report's writes to change.
func (b *reportBatch) situation(componentID uint, now time.Time) componentState {
	state := componentState{events: map[uint]*model.Event{}}
	for _, id := range slices.Sorted(maps.Keys(b.events)) {
		e, components := b.events[id], b.components[id]
		if !unfinished(e) {
			continue
		}
		_, holds := slices.BinarySearch(components, componentID)
		state.add(e, holds, len(components), now)
	}
	return state
}

// created records an event the batch has just inserted, holding nothing yet.
func (b *reportBatch) created(e *model.Event) {
	b.events[e.ID] = e
	b.components[e.ID] = []uint{}
}

// attached records the component joining the event.
func (b *reportBatch) attached(eventID, componentID uint) {
	list := b.components[eventID]
	if i, found := slices.BinarySearch(list, componentID); !found {
		b.components[eventID] = slices.Insert(slices.Clone(list), i, componentID)
	}
}

// detached records the component leaving the event.
func (b *reportBatch) detached(eventID, componentID uint) {
	list := b.components[eventID]
	if i, found := slices.BinarySearch(list, componentID); found {
		b.components[eventID] = slices.Delete(slices.Clone(list), i, i+1)
	}
}

// componentState is what the report rules know of a component, with the
// events they name.
type componentState struct {
	incident.Situation
	events map[uint]*model.Event
}

// add puts one unfinished event into the situation; events come in id
// order. It is the one place that says what an event is to a report,
// whether the events come from a batch or, for a report answered before
// the write lock, from its component's lookup: holds says whether the
// event holds the component, and components how many it holds. The first
// maintenance holding it whose window is open is the maintenance; an
// incident holding it is a holding incident; an open system incident is
// one to join or move to, whatever it holds.
func (state *componentState) add(e *model.Event, holds bool, components int, now time.Time) {
	if holds {
		state.events[e.ID] = e
		switch e.Type {
		case model.TypeMaintenance:
			if state.Maintenance == nil && e.IsOpen(now) {
				ref := incident.RefOf(e, 0)
				state.Maintenance = &ref
			}
		case model.TypeIncident:
			state.Holding = append(state.Holding, incident.RefOf(e, components))
		}
	}
	if e.Type == model.TypeIncident && e.EndAt == nil && e.System {
		state.events[e.ID] = e
		state.OpenSystem = append(state.OpenSystem, incident.RefOf(e, 0))
	}
}

// heldEvent is an unfinished event as a report's reads return it: its own
// columns, with the number of components it holds (a lookup's) or their
// ids (a batch's).
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
	ComponentList  string
}

// event is the held event's own columns.
func (h heldEvent) event() *model.Event {
	return &model.Event{ID: h.ID, Type: h.Type, Title: h.Title, Description: h.Description, Impact: h.Impact,
		Status: h.Status, StartAt: h.StartAt, EndAt: h.EndAt, System: h.System, CreatedBy: h.CreatedBy,
		CreatedAt: h.CreatedAt, UpdatedAt: h.UpdatedAt}
}
