package store

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"statusdash/app/incident"
	"statusdash/app/model"
)

// reportBatch is what a batch of reports (event_report_queue.go) knows of
// the events the report rules look at: the unfinished events holding any
// of the batch's components and the open system incidents, each with its
// component ids. It is read in one statement under the write lock, and the
// batch's writes keep it as the database now is, so that each report
// decides on it without a statement of its own: the reports' situations
// are what one transaction per report would have read.
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
func (w *eventTx) readReportBatch(componentIDs []uint) (*reportBatch, error) {
	if err := w.flush(); err != nil {
		return nil, err
	}
	var rows []heldEvent
	sql, args := w.reportBatchQuery(componentIDs)
	err := w.tx.Raw(sql, args...).Scan(&rows).Error
	if err != nil {
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
func (w *eventTx) reportBatchQuery(componentIDs []uint) (string, []any) {
	ids := make([]string, len(componentIDs))
	for i, id := range componentIDs {
		ids[i] = strconv.FormatUint(uint64(id), 10)
	}
	list := strings.Join(ids, ",")
	holdsAny := "held.component_id = ANY(CAST(string_to_array(?, ',') AS bigint[]))"
	if w.tx.Dialector.Name() != "postgres" {
		holdsAny = "held.component_id IN (SELECT value FROM json_each(?))"
		list = "[" + list + "]"
	}
	return "SELECT events.*, " + w.componentList() + " AS component_list FROM events WHERE " + unfinishedEventsSQL +
		" AND ((type = 'incident' AND system = ?) OR EXISTS (SELECT 1 FROM event_components held WHERE held.event_id = events.id AND " + holdsAny + "))" +
		" ORDER BY id", []any{true, list}
}

// situation is what the report rules know of the component now, as
// eventTx.situation would read it: the unfinished events holding it, and
// the open system incidents, in id order. The events are the batch's own,
// for the report's writes to change.
func (b *reportBatch) situation(componentID uint, now time.Time) componentState {
	state := componentState{events: map[uint]*model.Event{}}
	ids := slices.Sorted(maps.Keys(b.events))
	for _, id := range ids {
		e, components := b.events[id], b.components[id]
		if _, holds := slices.BinarySearch(components, componentID); !holds || !unfinished(e) {
			continue
		}
		state.events[id] = e
		if e.Type == model.TypeMaintenance {
			if state.Maintenance == nil && e.IsOpen(now) {
				ref := incident.RefOf(e, 0)
				state.Maintenance = &ref
			}
			continue
		}
		state.Holding = append(state.Holding, incident.RefOf(e, len(components)))
	}
	for _, id := range ids {
		e := b.events[id]
		if e.Type != model.TypeIncident || e.EndAt != nil || !e.System {
			continue
		}
		state.events[id] = e
		state.OpenSystem = append(state.OpenSystem, incident.RefOf(e, 0))
	}
	return state
}

// unfinished is unfinishedEventsSQL in Go: an open incident, or a
// maintenance neither completed nor cancelled.
func unfinished(e *model.Event) bool {
	switch e.Type {
	case model.TypeIncident:
		return e.EndAt == nil
	case model.TypeMaintenance:
		return e.Status != model.StatusCompleted && e.Status != model.StatusCancelled
	}
	return false
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
