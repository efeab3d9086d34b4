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
	// One joined statement: this runs before every report, so its round
	// trips are paid by every request.
	query := s.reportDB().WithContext(ctx).Table("components").
		Select("components.id, components.service_id, components.region_id, components.created_at, components.updated_at, "+
			"services.name AS service_name, services.slug AS service_slug, services.category_id, services.description AS service_description, "+
			"services.position AS service_position, services.created_at AS service_created_at, services.updated_at AS service_updated_at, "+
			"categories.name AS category_name, categories.slug AS category_slug, categories.position AS category_position, "+
			"categories.created_at AS category_created_at, categories.updated_at AS category_updated_at, "+
			"regions.name AS region_name, regions.slug AS region_slug, regions.position AS region_position, "+
			"regions.created_at AS region_created_at, regions.updated_at AS region_updated_at").
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
	// This runs before every report: the rows are scanned by hand, in the
	// order of the select list, without GORM's reflection over 22 columns.
	rows, err := query.Order("components.id").Rows()
	if err != nil {
		return nil, fmt.Errorf("store: find components named %q: %w", name, err)
	}
	defer rows.Close()
	components := []model.Component{}
	for rows.Next() {
		var r componentRow
		if err := rows.Scan(&r.ID, &r.ServiceID, &r.RegionID, &r.CreatedAt, &r.UpdatedAt,
			&r.ServiceName, &r.ServiceSlug, &r.CategoryID, &r.ServiceDescription,
			&r.ServicePosition, &r.ServiceCreatedAt, &r.ServiceUpdatedAt,
			&r.CategoryName, &r.CategorySlug, &r.CategoryPosition,
			&r.CategoryCreatedAt, &r.CategoryUpdatedAt,
			&r.RegionName, &r.RegionSlug, &r.RegionPosition,
			&r.RegionCreatedAt, &r.RegionUpdatedAt); err != nil {
			return nil, fmt.Errorf("store: find components named %q: %w", name, err)
		}
		components = append(components, r.component())
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: find components named %q: %w", name, err)
	}
	return components, nil
}

// componentRow is a component joined with its service, category and region.
type componentRow struct {
	ID, ServiceID, RegionID, CategoryID          uint
	CreatedAt, UpdatedAt                         time.Time
	ServiceName, ServiceSlug, ServiceDescription string
	ServicePosition                              int
	ServiceCreatedAt, ServiceUpdatedAt           time.Time
	CategoryName, CategorySlug                   string
	CategoryPosition                             int
	CategoryCreatedAt, CategoryUpdatedAt         time.Time
	RegionName, RegionSlug                       string
	RegionPosition                               int
	RegionCreatedAt, RegionUpdatedAt             time.Time
}

func (r componentRow) component() model.Component {
	category := &model.Category{ID: r.CategoryID, Name: r.CategoryName, Slug: r.CategorySlug, Position: r.CategoryPosition,
		CreatedAt: r.CategoryCreatedAt, UpdatedAt: r.CategoryUpdatedAt}
	service := &model.Service{ID: r.ServiceID, Name: r.ServiceName, Slug: r.ServiceSlug, CategoryID: r.CategoryID, Category: category,
		Description: r.ServiceDescription, Position: r.ServicePosition, CreatedAt: r.ServiceCreatedAt, UpdatedAt: r.ServiceUpdatedAt}
	region := &model.Region{ID: r.RegionID, Name: r.RegionName, Slug: r.RegionSlug, Position: r.RegionPosition,
		CreatedAt: r.RegionCreatedAt, UpdatedAt: r.RegionUpdatedAt}
	return model.Component{ID: r.ID, ServiceID: r.ServiceID, RegionID: r.RegionID, Service: service, Region: region,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
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
