package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"statusdash/app/model"
)

// A streamed read takes one statement per chunk: the chunk's events (or
// component and event pairs) in a WITH query, joined with their updates,
// scanned straight. Joining the updates lets each database look them up
// by their index, event by event (dialectSpecific.pageUpdates), where a
// list of a few thousand ids made PostgreSQL scan the whole table once per
// chunk; one statement saves a second read of the events and a list of
// bound ids.

// Columns a streamed read fills: those the stackmon v1 lists show.
const (
	streamEventColumns  = "id, title, impact, start_at, end_at"
	streamUpdateColumns = "status, text, at"
)

// StreamChunk is how many events a streamed read holds at once: a few
// thousand keeps the queries few and the memory a few megabytes, whatever
// the length of the history.
const StreamChunk = 2000

// maxStreamChunk bounds a chunk, and so what one statement returns.
const maxStreamChunk = 5000

// MaxStreamComponents is how many components StreamComponentEvents may be
// asked for by id, within any database's limit on bound parameters.
const MaxStreamComponents = 5000

// streamChunkSize is size within 1 and maxStreamChunk.
func streamChunkSize(size int) int { return min(max(size, 1), maxStreamChunk) }

// StreamEvents calls yield with every event, newest start first (the order
// of APIEvents), in chunks of at most size events, each event with its
// updates oldest first (Components left empty; of the event only ID,
// Title, Impact, StartAt and EndAt, of its updates EventID, Status, Text
// and At). It pages by key (start, id), so every chunk costs an index
// seek, not a scan of the rows before it; the chunk is the caller's only
// until yield returns. The next chunk is read while yield works on one
// (streamAhead): two chunks are held at most.
func (s *Storage) StreamEvents(ctx context.Context, size int, yield func([]*model.Event) error) error {
	size = streamChunkSize(size)
	var last *model.Event
	return streamAhead(ctx, func(ctx context.Context) ([]*model.Event, bool, error) {
		events, err := s.readEventChunk(ctx, size, last)
		if err != nil || len(events) == 0 {
			return nil, false, err
		}
		end := events[len(events)-1]
		last = &model.Event{ID: end.ID, StartAt: end.StartAt} // a key of its own: yield has the chunk meanwhile
		return events, len(events) == size, nil
	}, func(events []*model.Event) error {
		if len(events) == 0 {
			return nil
		}
		return yield(events)
	})
}

// readEventChunk reads the size events after last (from the newest when
// nil), with updates, under one read deadline.
func (s *Storage) readEventChunk(ctx context.Context, size int, last *model.Event) ([]*model.Event, error) {
	ctx, cancel := s.timeouts.withRead(ctx)
	defer cancel()
	query, args := s.eventChunkQuery(size, last)
	pairs, err := readEventsWithUpdates(s.db.WithContext(ctx), query, args)
	if err != nil {
		return nil, fmt.Errorf("store: stream events: %w", err)
	}
	events := make([]*model.Event, len(pairs))
	for i, pair := range pairs {
		events[i] = pair.Event
	}
	return events, nil
}

// eventChunkQuery is readEventChunk's statement, its component id 0.
func (s *Storage) eventChunkQuery(size int, last *model.Event) (string, []any) {
	var page strings.Builder
	page.WriteString("SELECT " + streamEventColumns + " FROM events")
	var args []any
	if last != nil {
		start := utc(last.StartAt)
		page.WriteString(" WHERE start_at <= ? AND (start_at < ? OR id < ?)")
		args = append(args, start, start, last.ID)
	}
	page.WriteString(" ORDER BY start_at DESC, id DESC LIMIT ?")
	args = append(args, size)
	return "WITH page AS (" + page.String() + ") " +
		"SELECT 0, page.id, page.title, page.impact, page.start_at, page.end_at, u.status, u.text, u.at " +
		"FROM page " + s.specific.pageUpdates + " " +
		"ORDER BY page.start_at DESC, page.id DESC, u.at, u.id", args
}

// ComponentEvent is one event listed under one of its components.
type ComponentEvent struct {
	ComponentID uint
	Event       *model.Event
}

// StreamComponentEvents calls yield with every event of every component,
// ordered by component id, then oldest start first, then event id (an event
// of several components comes once under each), in chunks of at most size
// pairs, each event with its updates oldest first (filled as by StreamEvents).
// Like StreamEvents it pages by key and holds two chunks at most.
// componentIDs, when not nil, keeps those components' events alone; it may
// name at most MaxStreamComponents.
func (s *Storage) StreamComponentEvents(ctx context.Context, componentIDs []uint, size int, yield func([]ComponentEvent) error) error {
	if len(componentIDs) > MaxStreamComponents {
		return invalid("components", fmt.Sprintf("at most %d", MaxStreamComponents))
	}
	size = streamChunkSize(size)
	var last *ComponentEvent
	return streamAhead(ctx, func(ctx context.Context) ([]ComponentEvent, bool, error) {
		chunk, err := s.readComponentEventChunk(ctx, componentIDs, size, last)
		if err != nil || len(chunk) == 0 {
			return nil, false, err
		}
		end := chunk[len(chunk)-1]
		last = &ComponentEvent{ComponentID: end.ComponentID, Event: &model.Event{ID: end.Event.ID, StartAt: end.Event.StartAt}}
		return chunk, len(chunk) == size, nil
	}, func(chunk []ComponentEvent) error {
		if len(chunk) == 0 {
			return nil
		}
		return yield(chunk)
	})
}

// readComponentEventChunk reads the size pairs after last (from the first
// when nil), with their events' updates, under one read deadline.
func (s *Storage) readComponentEventChunk(ctx context.Context, componentIDs []uint, size int, last *ComponentEvent) ([]ComponentEvent, error) {
	ctx, cancel := s.timeouts.withRead(ctx)
	defer cancel()
	query, args := s.componentEventChunkQuery(componentIDs, size, last)
	chunk, err := readEventsWithUpdates(s.db.WithContext(ctx), query, args)
	if err != nil {
		return nil, fmt.Errorf("store: stream component events: %w", err)
	}
	return chunk, nil
}

// componentEventChunkQuery is readComponentEventChunk's statement.
func (s *Storage) componentEventChunkQuery(componentIDs []uint, size int, last *ComponentEvent) (string, []any) {
	var page strings.Builder
	page.WriteString("SELECT ec.component_id, e.id, e.title, e.impact, e.start_at, e.end_at " +
		"FROM event_components ec JOIN events e ON e.id = ec.event_id WHERE 1 = 1")
	var args []any
	if componentIDs != nil {
		page.WriteString(" AND ec.component_id IN ?")
		args = append(args, componentIDs)
	}
	if last != nil {
		// The first condition alone lets the index on component_id seek.
		start := utc(last.Event.StartAt)
		page.WriteString(" AND ec.component_id >= ? AND (ec.component_id > ? OR e.start_at > ? OR (e.start_at = ? AND e.id > ?))")
		args = append(args, last.ComponentID, last.ComponentID, start, start, last.Event.ID)
	}
	page.WriteString(" ORDER BY ec.component_id, e.start_at, e.id LIMIT ?")
	args = append(args, size)
	return "WITH page AS (" + page.String() + ") " +
		"SELECT page.component_id, page.id, page.title, page.impact, page.start_at, page.end_at, u.status, u.text, u.at " +
		"FROM page " + s.specific.pageUpdates + " " +
		"ORDER BY page.component_id, page.start_at, page.id, u.at, u.id", args
}

// readEventsWithUpdates runs query, whose rows are a component id, an
// event's streamEventColumns and one of its update's streamUpdateColumns
// (null when it has none), the rows of one pair together and its updates
// in order, and returns the pairs in the order of the rows.
func readEventsWithUpdates(db *gorm.DB, query string, args []any) ([]ComponentEvent, error) {
	rows, err := db.Raw(query, args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var pairs []ComponentEvent
	var current *model.Event
	for rows.Next() {
		var componentID, eventID uint
		var title string
		var impact model.Impact
		var start time.Time
		var end sql.NullTime
		var status, text sql.NullString
		var at sql.NullTime
		if err := rows.Scan(&componentID, &eventID, &title, &impact, &start, &end, &status, &text, &at); err != nil {
			return nil, err
		}
		if current == nil || current.ID != eventID || pairs[len(pairs)-1].ComponentID != componentID {
			current = &model.Event{ID: eventID, Title: title, Impact: impact, StartAt: start, Updates: []model.EventUpdate{}}
			if end.Valid {
				current.EndAt = &end.Time
			}
			pairs = append(pairs, ComponentEvent{ComponentID: componentID, Event: current})
		}
		if status.Valid {
			current.Updates = append(current.Updates, model.EventUpdate{EventID: eventID, Status: status.String, Text: text.String, At: at.Time})
		}
	}
	return pairs, markUnavailable(rows.Err())
}
