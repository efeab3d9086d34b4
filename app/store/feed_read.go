package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"statusdash/app/model"
)

// FeedFilter chooses a feed's events; zero fields do not filter.
type FeedFilter struct {
	RegionID   uint
	CategoryID uint
	ServiceID  uint
	// Types limits the event types; empty means all.
	Types []model.EventType
	// Limit bounds the events, newest start first; 0 means 50.
	Limit int
}

// ReadFeed returns the newest events matching the filter, each with its
// components (service, region) and its updates oldest first: four queries.
func (s *Storage) ReadFeed(ctx context.Context, filter FeedFilter) ([]*model.Event, error) {
	if filter.Limit <= 0 {
		filter.Limit = 50
	}
	db := s.db.WithContext(ctx)
	query := filteredEvents(db, HistoryFilter{RegionID: filter.RegionID, CategoryID: filter.CategoryID, ServiceID: filter.ServiceID})
	if len(filter.Types) > 0 {
		types := make([]string, len(filter.Types))
		for i, t := range filter.Types {
			types[i] = string(t)
		}
		query = query.Where("type IN ?", types)
	}
	var events []*model.Event
	err := query.Preload("Components.Service").Preload("Components.Region").
		Preload("Updates", func(db *gorm.DB) *gorm.DB { return db.Order("at, id") }).
		Order("start_at DESC, id DESC").Limit(filter.Limit).Find(&events).Error
	if err != nil {
		return nil, fmt.Errorf("store: read feed events: %w", err)
	}
	return events, nil
}
