package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"statusdash/app/model"
)

// Columns a streamed read fills: those the stackmon v1 lists show. Time
// columns cost most to scan, so the others are left out.
const (
	streamEventColumns  = "id, type, title, impact, status, start_at, end_at"
	streamUpdateColumns = "id, event_id, status, text, at"
)

// StreamChunk is how many events a streamed read holds at once: a few
// thousand keeps the queries few and the memory a few megabytes, whatever
// the length of the history.
const StreamChunk = 2000

// maxStreamChunk keeps a chunk's ids within any database's limit on bound
// parameters, as chunks does.
const maxStreamChunk = 5000

// MaxStreamComponents is how many components StreamComponentEvents may be
// asked for by id.
const MaxStreamComponents = maxStreamChunk

// streamChunkSize is size within 1 and maxStreamChunk.
func streamChunkSize(size int) int { return min(max(size, 1), maxStreamChunk) }

// StreamEvents calls yield with every event, newest start first (the order
// of APIEvents), in chunks of at most size events, each event with its
// updates oldest first (Components left empty; of the event only the
// fields in streamEventColumns, of its updates those in
// streamUpdateColumns). It pages by key (start,
// id), so every chunk costs an index seek, not a scan of the rows before it;
// the chunk is the caller's only until yield returns.
func (s *Storage) StreamEvents(ctx context.Context, size int, yield func([]*model.Event) error) error {
	size = streamChunkSize(size)
	var last *model.Event
	for {
		events, err := s.readEventChunk(ctx, size, last)
		if err != nil {
			return err
		}
		if len(events) == 0 {
			return nil
		}
		if err := yield(events); err != nil {
			return err
		}
		if len(events) < size {
			return nil
		}
		last = events[len(events)-1]
	}
}

// readEventChunk reads the size events after last (from the newest when
// nil), with updates, under one read deadline.
func (s *Storage) readEventChunk(ctx context.Context, size int, last *model.Event) ([]*model.Event, error) {
	ctx, cancel := s.timeouts.withRead(ctx)
	defer cancel()
	db := s.db.WithContext(ctx)
	query := db.Select(streamEventColumns).Order("start_at DESC, id DESC").Limit(size)
	if last != nil {
		start := utc(last.StartAt)
		query = query.Where("start_at <= ? AND (start_at < ? OR id < ?)", start, start, last.ID)
	}
	var events []*model.Event
	if err := query.Find(&events).Error; err != nil {
		return nil, fmt.Errorf("store: stream events: %w", err)
	}
	if len(events) == 0 {
		return nil, nil
	}
	if err := attachUpdates(db, events); err != nil {
		return nil, err
	}
	return events, nil
}

// ComponentEvent is one event listed under one of its components.
type ComponentEvent struct {
	ComponentID uint
	Event       *model.Event
}

// componentEventKey is where a chunk of StreamComponentEvents ended.
type componentEventKey struct {
	ComponentID uint
	EventID     uint
	StartAt     time.Time
}

// StreamComponentEvents calls yield with every event of every component,
// ordered by component id, then oldest start first, then event id (an event
// of several components comes once under each), in chunks of at most size
// pairs, each event with its updates oldest first (filled as by StreamEvents).
// Like StreamEvents it pages by key and holds one chunk at a time.
// componentIDs, when not nil, keeps those components' events alone; it may
// name at most MaxStreamComponents.
func (s *Storage) StreamComponentEvents(ctx context.Context, componentIDs []uint, size int, yield func([]ComponentEvent) error) error {
	if len(componentIDs) > MaxStreamComponents {
		return invalid("components", fmt.Sprintf("at most %d", MaxStreamComponents))
	}
	size = streamChunkSize(size)
	var last *componentEventKey
	for {
		chunk, next, err := s.readComponentEventChunk(ctx, componentIDs, size, last)
		if err != nil {
			return err
		}
		if len(chunk) > 0 {
			if err := yield(chunk); err != nil {
				return err
			}
		}
		if next == nil {
			return nil
		}
		last = next
	}
}

// readComponentEventChunk reads the size pairs after last (from the first
// when nil) under one read deadline, and where the next chunk starts (nil
// after the last).
func (s *Storage) readComponentEventChunk(ctx context.Context, componentIDs []uint, size int, last *componentEventKey) ([]ComponentEvent, *componentEventKey, error) {
	ctx, cancel := s.timeouts.withRead(ctx)
	defer cancel()
	db := s.db.WithContext(ctx)
	query := db.Table("event_components ec").Select("ec.component_id, e.id AS event_id, e.start_at").
		Joins("JOIN events e ON e.id = ec.event_id").
		Order("ec.component_id, e.start_at, e.id").Limit(size)
	if componentIDs != nil {
		query = query.Where("ec.component_id IN ?", componentIDs)
	}
	if last != nil {
		// The first condition alone lets the index on component_id seek.
		start := utc(last.StartAt)
		query = query.Where("ec.component_id >= ? AND (ec.component_id > ? OR e.start_at > ? OR (e.start_at = ? AND e.id > ?))",
			last.ComponentID, last.ComponentID, start, start, last.EventID)
	}
	var keys []componentEventKey
	if err := query.Scan(&keys).Error; err != nil {
		return nil, nil, fmt.Errorf("store: stream component events: %w", err)
	}
	if len(keys) == 0 {
		return nil, nil, nil
	}
	chunk, err := loadComponentEvents(db, keys)
	if err != nil {
		return nil, nil, err
	}
	if len(keys) < size {
		return chunk, nil, nil
	}
	return chunk, &keys[len(keys)-1], nil
}

// loadComponentEvents reads the events the keys name, each once however
// many of its components the chunk holds, with their updates: two queries.
func loadComponentEvents(db *gorm.DB, keys []componentEventKey) ([]ComponentEvent, error) {
	ids := make([]uint, 0, len(keys))
	seen := make(map[uint]bool, len(keys))
	for _, key := range keys {
		if !seen[key.EventID] {
			seen[key.EventID] = true
			ids = append(ids, key.EventID)
		}
	}
	var events []*model.Event
	if err := db.Select(streamEventColumns).Where("id IN ?", ids).Find(&events).Error; err != nil {
		return nil, fmt.Errorf("store: read streamed events: %w", err)
	}
	if err := attachUpdates(db, events); err != nil {
		return nil, err
	}
	byID := make(map[uint]*model.Event, len(events))
	for _, e := range events {
		byID[e.ID] = e
	}
	chunk := make([]ComponentEvent, 0, len(keys))
	for _, key := range keys {
		// An event deleted since the key query is left out, as it would be
		// had the chunk been read a moment later.
		if e, ok := byID[key.EventID]; ok {
			chunk = append(chunk, ComponentEvent{ComponentID: key.ComponentID, Event: e})
		}
	}
	return chunk, nil
}

// attachUpdates fills Updates, oldest first, of at most a few thousand
// events: one query.
func attachUpdates(db *gorm.DB, events []*model.Event) error {
	ids := make([]uint, len(events))
	byID := make(map[uint]*model.Event, len(events))
	for i, e := range events {
		ids[i] = e.ID
		byID[e.ID] = e
		e.Updates = []model.EventUpdate{}
	}
	var updates []model.EventUpdate
	if err := db.Select(streamUpdateColumns).Where("event_id IN ?", ids).Order("event_id, at, id").Find(&updates).Error; err != nil {
		return fmt.Errorf("store: read streamed event updates: %w", err)
	}
	for _, u := range updates {
		e := byID[u.EventID]
		e.Updates = append(e.Updates, u)
	}
	return nil
}
