package store

import (
	"context"
	"fmt"
	"math"
	"time"

	"gorm.io/gorm"

	"statusdash/app/incident"
	"statusdash/app/model"
)

// The pages of the automation APIs' event lists (GET /v2/events, the typed
// ListEvents).
const (
	// DefaultEventPageSize is the page size when the request names none.
	DefaultEventPageSize = 50
	// MaxEventPage is the last page accepted: 5 million events at the
	// largest page size, so the offset can neither overflow nor reach any
	// real list.
	MaxEventPage = 100000
)

// EventPageSizes are the page sizes the event lists accept.
var EventPageSizes = []int{10, 20, 50}

// APIEventFilter narrows the automation API's event list (stackmon v2
// GET /v2/events); zero fields do not filter.
type APIEventFilter struct {
	Types []model.EventType
	// Active keeps the events open at now (model.Event.IsOpen).
	Active bool
	Status string
	Impact *model.Impact
	System *bool
	// ComponentIDs keeps events holding any of the components.
	ComponentIDs []uint
	// From keeps events starting at or after it; Until those ended at or before it.
	From  *time.Time
	Until *time.Time
	// Page counts from 1; PerPage 0 lists everything.
	Page    int
	PerPage int
}

// activeEventsSQL mirrors model.Event.IsOpen; it takes now three times.
const activeEventsSQL = "((type = 'incident' AND end_at IS NULL) OR (type <> 'incident' AND status NOT IN ('completed', 'cancelled') " +
	"AND start_at <= ? AND (end_at IS NULL OR end_at > ?)))"

// APIEvents lists the events matching the filter, newest start first, each
// with its components (ids only) and its updates oldest first, and the
// number of matching events over all pages: five queries.
//
// The page is read in two steps so a deep page costs about what the first
// does: its ids alone, walking events_start_at_id_idx (or, filtered by
// type, events_type_start_at_id_idx) in the page's order, skipping the
// offset inside the index without reading a table row or sorting; then
// those rows by id.
func (s *Storage) APIEvents(ctx context.Context, filter APIEventFilter, now time.Time) ([]*model.Event, int64, error) {
	db := s.db.WithContext(ctx)
	query, err := apiEventsQuery(db, filter, now)
	if err != nil {
		return nil, 0, err
	}
	var total int64
	if err := query.Session(&gorm.Session{}).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("store: count api events: %w", err)
	}
	var ids []uint
	if err := apiEventPage(query, filter).Pluck("id", &ids).Error; err != nil {
		return nil, 0, fmt.Errorf("store: list api events: %w", err)
	}
	events, err := eventsInOrder(db, ids)
	if err != nil {
		return nil, 0, err
	}
	if err := attachComponentIDsAndUpdates(db, events); err != nil {
		return nil, 0, err
	}
	return events, total, nil
}

// apiEventsQuery selects the events matching the filter, in no order.
func apiEventsQuery(db *gorm.DB, filter APIEventFilter, now time.Time) (*gorm.DB, error) {
	query := db.Model(&model.Event{})
	if len(filter.Types) > 0 {
		types := make([]string, len(filter.Types))
		for i, t := range filter.Types {
			types[i] = string(t)
		}
		query = query.Where("type IN ?", types)
	}
	if filter.Active {
		query = query.Where(activeEventsSQL, utc(now), utc(now))
	}
	if filter.Status != "" {
		query = query.Where("status = ?", filter.Status)
	}
	if filter.Impact != nil {
		query = query.Where("impact = ?", int(*filter.Impact))
	}
	if filter.System != nil {
		query = query.Where("system = ?", *filter.System)
	}
	if len(filter.ComponentIDs) > incident.MaxComponents {
		return nil, invalid("components", incident.TooManyComponents)
	}
	if len(filter.ComponentIDs) > 0 {
		query = query.Where("id IN (?)", db.Table("event_components").Select("event_id").Where("component_id IN ?", filter.ComponentIDs))
	}
	if filter.From != nil {
		query = query.Where("start_at >= ?", utc(*filter.From))
	}
	if filter.Until != nil {
		query = query.Where("end_at IS NOT NULL AND end_at <= ?", utc(*filter.Until))
	}
	return query, nil
}

// apiEventPage orders the query as the list is (the order of
// events_start_at_id_idx) and cuts the filter's page out of it.
func apiEventPage(query *gorm.DB, filter APIEventFilter) *gorm.DB {
	page := query.Order("start_at DESC, id DESC")
	if filter.PerPage > 0 {
		page = page.Limit(filter.PerPage).Offset(pageOffset(filter.Page, filter.PerPage))
	}
	return page
}

// eventsInOrder reads the events with the ids, in the order of ids.
func eventsInOrder(db *gorm.DB, ids []uint) ([]*model.Event, error) {
	events := make([]*model.Event, 0, len(ids))
	if len(ids) == 0 {
		return events, nil
	}
	byID := make(map[uint]*model.Event, len(ids))
	for _, chunk := range chunks(ids) {
		var rows []*model.Event
		if err := db.Where("id IN ?", chunk).Find(&rows).Error; err != nil {
			return nil, fmt.Errorf("store: read api events: %w", err)
		}
		for _, e := range rows {
			byID[e.ID] = e
		}
	}
	for _, id := range ids {
		// An event deleted between the two reads is left out of the page.
		if e, ok := byID[id]; ok {
			events = append(events, e)
		}
	}
	return events, nil
}

// attachComponentIDsAndUpdates fills Components (with ID, ServiceID and
// RegionID only) and Updates (oldest first): two queries for any number of events.
func attachComponentIDsAndUpdates(db *gorm.DB, events []*model.Event) error {
	if len(events) == 0 {
		return nil
	}
	ids := make([]uint, len(events))
	byID := make(map[uint]*model.Event, len(events))
	for i, e := range events {
		ids[i] = e.ID
		byID[e.ID] = e
		e.Components, e.Updates = []model.Component{}, []model.EventUpdate{}
	}
	for _, chunk := range chunks(ids) {
		var links []struct {
			EventID     uint
			ComponentID uint
		}
		if err := db.Table("event_components").Select("event_id, component_id").
			Where("event_id IN ?", chunk).Order("event_id, component_id").Scan(&links).Error; err != nil {
			return fmt.Errorf("store: read event components: %w", err)
		}
		for _, link := range links {
			e := byID[link.EventID]
			e.Components = append(e.Components, model.Component{ID: link.ComponentID})
		}
		var updates []model.EventUpdate
		if err := db.Where("event_id IN ?", chunk).Order("event_id, at, id").Find(&updates).Error; err != nil {
			return fmt.Errorf("store: read event updates: %w", err)
		}
		for _, u := range updates {
			e := byID[u.EventID]
			e.Updates = append(e.Updates, u)
		}
	}
	return nil
}

// pageOffset is the number of rows before the page (counted from 1), kept
// from overflowing: a page too far for any list starts past every row
// rather than wrapping round to the first.
func pageOffset(page, perPage int) int {
	if page <= 1 || perPage <= 0 {
		return 0
	}
	if page-1 > math.MaxInt/perPage {
		return math.MaxInt
	}
	return (page - 1) * perPage
}

// chunks splits ids into groups small enough for any database's limit on
// bound parameters.
func chunks(ids []uint) [][]uint {
	const size = 5000
	var out [][]uint
	for len(ids) > size {
		out = append(out, ids[:size])
		ids = ids[size:]
	}
	return append(out, ids)
}

// ComponentWithServiceRegion reads one component with Service (and
// Category) and Region, or ErrNotFound.
func (s *Storage) ComponentWithServiceRegion(ctx context.Context, id uint) (*model.Component, error) {
	var c model.Component
	if err := s.db.WithContext(ctx).Preload("Service.Category").Preload("Region").First(&c, id).Error; err != nil {
		return nil, notFound(err, fmt.Sprintf("component %d", id))
	}
	return &c, nil
}
