package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"statusdash/app/model"
)

// HistoryFilter narrows the history; zero fields do not filter.
type HistoryFilter struct {
	RegionID   uint
	CategoryID uint
	ServiceID  uint
	Type       model.EventType
	// From and To, when set, keep the events that overlap [From, To).
	From, To time.Time
	// Page counts from 1; PerPage defaults to 25.
	Page    int
	PerPage int
}

// HistoryPage is one page of closed events, newest first.
type HistoryPage struct {
	// Catalog is the tree the events were read with; ReadHistory's leaves
	// the rows' CreatedAt and UpdatedAt zero, as no page prints them.
	Catalog *CatalogTree
	Events  []*EventSummary
	Page    int
	PerPage int
	Total   int64
}

// Pages is the number of pages, at least one.
func (p *HistoryPage) Pages() int {
	if p.Total == 0 || p.PerPage <= 0 {
		return 1
	}
	return int((p.Total + int64(p.PerPage) - 1) / int64(p.PerPage))
}

// ReadHistory returns one page of the events closed at now, newest start
// first, matching the filter: eight queries (catalog, count, page,
// components, latest updates).
func (s *Storage) ReadHistory(ctx context.Context, now time.Time, filter HistoryFilter) (*HistoryPage, error) {
	tree, err := readCatalog(s.db.WithContext(ctx), withoutTimes)
	if err != nil {
		return nil, err
	}
	return s.ReadHistoryIn(ctx, now, tree, filter)
}

// ReadHistoryIn is ReadHistory for a caller that has read the catalog
// already (to resolve its filters), so it is not read twice.
func (s *Storage) ReadHistoryIn(ctx context.Context, now time.Time, tree *CatalogTree, filter HistoryFilter) (*HistoryPage, error) {
	if filter.Page < 1 {
		filter.Page = 1
	}
	if filter.PerPage <= 0 {
		filter.PerPage = 25
	}
	db := s.db.WithContext(ctx)
	history := &HistoryPage{Catalog: tree, Page: filter.Page, PerPage: filter.PerPage}
	query := filteredEvents(db, filter).Where(closedEventsSQL, utc(now))
	if err := query.Session(&gorm.Session{}).Count(&history.Total).Error; err != nil {
		return nil, fmt.Errorf("store: count history: %w", err)
	}
	var events []*model.Event
	err := query.Order("start_at DESC, id DESC").
		Limit(filter.PerPage).Offset(pageOffset(filter.Page, filter.PerPage)).Find(&events).Error
	if err != nil {
		return nil, fmt.Errorf("store: read history: %w", err)
	}
	history.Events, err = summarise(db, tree, events)
	if err != nil {
		return nil, err
	}
	return history, nil
}

// filteredEvents selects events affecting a component that matches the
// filter's region, category and service, and of the filter's type.
func filteredEvents(db *gorm.DB, filter HistoryFilter) *gorm.DB {
	query := db.Model(&model.Event{})
	if filter.Type != "" {
		query = query.Where("type = ?", string(filter.Type))
	}
	if !filter.To.IsZero() {
		query = query.Where("start_at < ?", utc(filter.To))
	}
	if !filter.From.IsZero() {
		query = query.Where("(end_at IS NULL OR end_at > ?)", utc(filter.From))
	}
	if filter.RegionID == 0 && filter.CategoryID == 0 && filter.ServiceID == 0 {
		return query
	}
	match := db.Table("event_components ec").Select("1").
		Joins("JOIN components c ON c.id = ec.component_id").
		Joins("JOIN services s ON s.id = c.service_id").
		Where("ec.event_id = events.id")
	if filter.RegionID != 0 {
		match = match.Where("c.region_id = ?", filter.RegionID)
	}
	if filter.ServiceID != 0 {
		match = match.Where("c.service_id = ?", filter.ServiceID)
	}
	if filter.CategoryID != 0 {
		match = match.Where("s.category_id = ?", filter.CategoryID)
	}
	return query.Where("EXISTS (?)", match)
}
