package store

import (
	"context"
	"fmt"
	"time"

	"statusdash/app/model"
)

// ComponentAttribute is one stackmon attribute of a component: region,
// category or type.
type ComponentAttribute struct {
	Name  string
	Value string
}

// FindComponentsByAttributes finds the components whose service name equals
// name and whose attributes include every given pair (API.md's subset
// match). region matches the region's name or slug, category the
// category's name or slug, type the service's slug; another attribute name
// matches nothing. Components come with Service (and Category) and Region.
func (s *Storage) FindComponentsByAttributes(ctx context.Context, name string, attrs []ComponentAttribute) ([]model.Component, error) {
	query := s.db.WithContext(ctx).Table("components").Select("components.id").
		Joins("JOIN services ON services.id = components.service_id").
		Joins("JOIN regions ON regions.id = components.region_id").
		Joins("JOIN categories ON categories.id = services.category_id").
		Where("services.name = ?", name)
	for _, attr := range attrs {
		switch attr.Name {
		case "region":
			query = query.Where("(regions.name = ? OR regions.slug = ?)", attr.Value, attr.Value)
		case "category":
			query = query.Where("(categories.name = ? OR categories.slug = ?)", attr.Value, attr.Value)
		case "type":
			query = query.Where("services.slug = ?", attr.Value)
		default:
			return []model.Component{}, nil
		}
	}
	var ids []uint
	if err := query.Order("components.id").Pluck("components.id", &ids).Error; err != nil {
		return nil, fmt.Errorf("store: find components named %q: %w", name, err)
	}
	if len(ids) == 0 {
		return []model.Component{}, nil
	}
	var components []model.Component
	if err := s.db.WithContext(ctx).Preload("Service.Category").Preload("Region").
		Where("id IN ?", ids).Order("id").Find(&components).Error; err != nil {
		return nil, fmt.Errorf("store: load components named %q: %w", name, err)
	}
	return components, nil
}

// ComponentsWithServiceRegion lists every component with Service (and
// Category) and Region, ordered by id.
func (s *Storage) ComponentsWithServiceRegion(ctx context.Context) ([]model.Component, error) {
	var components []model.Component
	if err := s.db.WithContext(ctx).Preload("Service.Category").Preload("Region").Order("id").Find(&components).Error; err != nil {
		return nil, fmt.Errorf("store: list components: %w", err)
	}
	return components, nil
}

// OpenEventsForComponent lists the events open at now that hold the
// component (open incidents, maintenance and info notices whose window
// contains now), oldest first, with components and updates.
func (s *Storage) OpenEventsForComponent(ctx context.Context, componentID uint, now time.Time) ([]*model.Event, error) {
	db := s.db.WithContext(ctx)
	var candidates []*model.Event
	err := db.Where("end_at IS NULL OR type <> ?", model.TypeIncident).
		Where("status NOT IN ?", []string{model.StatusCompleted, model.StatusCancelled}).
		Where("id IN (?)", db.Table("event_components").Select("event_id").Where("component_id = ?", componentID)).
		Order("id").Find(&candidates).Error
	if err != nil {
		return nil, fmt.Errorf("store: open events of component %d: %w", componentID, err)
	}
	events := []*model.Event{}
	for _, candidate := range candidates {
		if !candidate.IsOpen(now) {
			continue
		}
		e, err := loadEventDetails(db, candidate.ID)
		if err != nil {
			return nil, err
		}
		events = append(events, e)
	}
	return events, nil
}
