package store

import (
	"fmt"
	"time"

	"gorm.io/gorm"

	"statusdash/app/availability"
	"statusdash/app/model"
)

// historyQuery selects the incidents and maintenance windows that overlap
// [from, to), of every component or only of some.
type historyQuery struct {
	from, to time.Time
	// components limits the events to those that hold or held one of them
	// (event_components, or a join or a leave in event_changes); nil: all.
	components []uint
	// recent finds the events by their end (indexed): few are open or end
	// after a recent from, where every event starts before to.
	recent bool
}

// where is the query's condition on events e.
func (q historyQuery) where() (string, []any) {
	where := "e.type IN ('incident', 'maintenance') AND e.start_at < ? AND (e.end_at IS NULL OR e.end_at > ?)"
	args := []any{utc(q.to), utc(q.from)}
	if q.components != nil {
		where += " AND e.id IN (SELECT event_id FROM event_components WHERE component_id IN ? " +
			"UNION SELECT event_id FROM event_changes WHERE component_id IN ?)"
		args = append(args, q.components, q.components)
	}
	if q.recent {
		where += " AND e.id IN (SELECT id FROM events WHERE end_at IS NULL UNION ALL SELECT id FROM events WHERE end_at > ?)"
		args = append(args, utc(q.from))
	}
	return where, args
}

// historyEventsSQL reads events with their components, before a where.
const historyEventsSQL = "SELECT e.id, e.type, e.impact, e.start_at, e.end_at, ec.component_id FROM events e " +
	"LEFT JOIN event_components ec ON ec.event_id = e.id WHERE "

// historyChangesSQL reads the recorded changes of the events, before a
// where. Ordered by event as historyEventsSQL is, SQLite finds the events by
// id as there; ordered by the change's id alone, it walked every incident
// by type (16 ms at 50,000 events, for none of today's). Each event's
// changes stay in the order they were recorded.
const historyChangesSQL = "SELECT ch.event_id, ch.at, ch.kind, ch.component_id, ch.impact, ch.previous_impact, ch.closed_at FROM event_changes ch " +
	"JOIN events e ON e.id = ch.event_id WHERE "

// history is the events a historyQuery read, as package availability
// reads them, with their ids.
type history struct {
	ids    []uint
	events []availability.Event
}

// readHistory reads the events of the query with their recorded changes:
// two queries, one when no event matches.
func readHistory(db *gorm.DB, q historyQuery) (*history, error) {
	where, args := q.where()
	var rows []struct {
		ID          uint
		Type        model.EventType
		Impact      model.Impact
		StartAt     time.Time
		EndAt       *time.Time
		ComponentID *uint
	}
	err := db.Raw(historyEventsSQL+where+" ORDER BY e.id", args...).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: read availability events: %w", err)
	}
	h := &history{}
	index := make(map[uint]int)
	for _, row := range rows {
		i, seen := index[row.ID]
		if !seen {
			i = len(h.events)
			index[row.ID] = i
			h.ids = append(h.ids, row.ID)
			h.events = append(h.events, availability.Event{Type: row.Type, Impact: row.Impact, Start: row.StartAt.UTC(), End: utcPointer(row.EndAt)})
		}
		if row.ComponentID != nil {
			h.events[i].Components = append(h.events[i].Components, *row.ComponentID)
		}
	}
	if len(h.events) == 0 {
		return h, nil
	}
	var changes []eventChange
	err = db.Raw(historyChangesSQL+where+" ORDER BY e.id, ch.id", args...).Scan(&changes).Error
	if err != nil {
		return nil, fmt.Errorf("store: read event changes: %w", err)
	}
	for _, c := range changes {
		if i, ok := index[c.EventID]; ok {
			h.events[i].Changes = append(h.events[i].Changes, c.change())
		}
	}
	return h, nil
}

// change is the row as the availability arithmetic reads it.
func (c eventChange) change() availability.Change {
	change := availability.Change{At: c.At.UTC(), Kind: c.Kind}
	if c.ComponentID != nil {
		change.Component = *c.ComponentID
	}
	if c.Impact != nil {
		change.Impact = model.Impact(*c.Impact)
	}
	if c.PreviousImpact != nil {
		change.Previous = model.Impact(*c.PreviousImpact)
	}
	if c.ClosedAt != nil {
		change.ClosedAt = c.ClosedAt.UTC()
	}
	return change
}
