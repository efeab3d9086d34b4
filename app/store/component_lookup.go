package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"statusdash/app/model"
)

// ComponentAttribute is one stackmon attribute of a component: region,
// category or type.
type ComponentAttribute struct {
	Name  string
	Value string
}

// AmbiguousComponentError is a report whose name and attributes match
// several components.
type AmbiguousComponentError struct {
	Name    string
	Matches int
}

func (e *AmbiguousComponentError) Error() string {
	return fmt.Sprintf("store: %d components are named %q with these attributes", e.Matches, e.Name)
}

// reportTarget is the component a report names, with Service (and
// Category) and Region, and, where the lookup reads them with it
// (dialectSpecific.lookupReadsHeld), the unfinished events holding it with
// their component counts: a report that changes nothing is answered from
// them, before the write lock.
type reportTarget struct {
	component model.Component
	held      []heldEvent
	heldRead  bool
}

// findReportTarget finds the one component the report names: by id, or by
// name and attributes (the OpenAPI document's subset match: region matches the region's
// name or slug, category the category's name or slug, type the service's
// slug; another attribute name matches nothing). None is ErrNotFound,
// several an AmbiguousComponentError.
func (s *Storage) findReportTarget(ctx context.Context, r Report) (reportTarget, error) {
	targets, err := s.findComponents(ctx, r, s.specific.lookupReadsHeld)
	if err != nil {
		return reportTarget{}, err
	}
	switch {
	case len(targets) == 0 && r.ComponentID != 0:
		return reportTarget{}, fmt.Errorf("store: component %d: %w", r.ComponentID, ErrNotFound)
	case len(targets) == 0:
		return reportTarget{}, fmt.Errorf("store: component named %q: %w", r.Name, ErrNotFound)
	case len(targets) > 1:
		return reportTarget{}, &AmbiguousComponentError{Name: r.Name, Matches: len(targets)}
	}
	return targets[0], nil
}

// findComponents finds the components the report names, and with withHeld
// the unfinished events holding them.
func (s *Storage) findComponents(ctx context.Context, r Report, withHeld bool) ([]reportTarget, error) {
	query, ok := componentsNamed(s.reportDB().WithContext(ctx), r, withHeld)
	if !ok {
		return nil, nil
	}
	// This runs before every report: the rows are scanned by hand, in the
	// order of the select list, without GORM's reflection over 22 columns.
	rows, err := query.Rows()
	if err != nil {
		return nil, fmt.Errorf("store: find the reported component: %w", err)
	}
	defer rows.Close()
	var targets []reportTarget
	for rows.Next() {
		var c componentRow
		into := []any{&c.ID, &c.ServiceID, &c.RegionID, &c.CreatedAt, &c.UpdatedAt,
			&c.ServiceName, &c.ServiceSlug, &c.CategoryID, &c.ServiceDescription,
			&c.ServicePosition, &c.ServiceCreatedAt, &c.ServiceUpdatedAt,
			&c.CategoryName, &c.CategorySlug, &c.CategoryPosition,
			&c.CategoryCreatedAt, &c.CategoryUpdatedAt,
			&c.RegionName, &c.RegionSlug, &c.RegionPosition,
			&c.RegionCreatedAt, &c.RegionUpdatedAt}
		var h heldRow
		if withHeld {
			into = append(into, &h.ID, &h.Type, &h.Title, &h.Description, &h.Impact, &h.Status, &h.StartAt, &h.EndAt,
				&h.System, &h.CreatedBy, &h.CreatedAt, &h.UpdatedAt, &h.ComponentCount)
		}
		if err := rows.Scan(into...); err != nil {
			return nil, fmt.Errorf("store: find the reported component: %w", err)
		}
		// A component held by several events comes once per event.
		if n := len(targets); n == 0 || targets[n-1].component.ID != c.ID {
			targets = append(targets, reportTarget{component: c.component(), heldRead: withHeld})
		}
		if h.ID != nil {
			last := &targets[len(targets)-1]
			last.held = append(last.held, h.event())
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: find the reported component: %w", markUnavailable(err))
	}
	return targets, nil
}

// componentsNamed is findComponents' statement, in one joined statement:
// this runs before every report, so its round trips are paid by every
// request. It says false for an attribute that matches nothing.
func componentsNamed(db *gorm.DB, r Report, withHeld bool) (*gorm.DB, bool) {
	query := db.Table("components").
		Select("components.id, components.service_id, components.region_id, components.created_at, components.updated_at, " +
			"services.name AS service_name, services.slug AS service_slug, services.category_id, services.description AS service_description, " +
			"services.position AS service_position, services.created_at AS service_created_at, services.updated_at AS service_updated_at, " +
			"categories.name AS category_name, categories.slug AS category_slug, categories.position AS category_position, " +
			"categories.created_at AS category_created_at, categories.updated_at AS category_updated_at, " +
			"regions.name AS region_name, regions.slug AS region_slug, regions.position AS region_position, " +
			"regions.created_at AS region_created_at, regions.updated_at AS region_updated_at").
		Joins("JOIN services ON services.id = components.service_id").
		Joins("JOIN regions ON regions.id = components.region_id").
		Joins("JOIN categories ON categories.id = services.category_id")
	if r.ComponentID != 0 {
		query = query.Where("components.id = ?", r.ComponentID)
	} else {
		query = query.Where("services.name = ?", r.Name)
	}
	for _, attr := range r.Attributes {
		switch attr.Name {
		case "region":
			query = query.Where("(regions.name = ? OR regions.slug = ?)", attr.Value, attr.Value)
		case "category":
			query = query.Where("(categories.name = ? OR categories.slug = ?)", attr.Value, attr.Value)
		case "type":
			query = query.Where("services.slug = ?", attr.Value)
		default:
			return nil, false
		}
	}
	if !withHeld {
		return query.Order("components.id"), true
	}
	// The components are found first, as on their own (MATERIALIZED keeps
	// the planner from scanning every component in id order to join the
	// events), and then the events holding each: whether an event holds the
	// component is looked up per unfinished event, in the event_components
	// primary key (a component's past events can be many, its unfinished
	// ones are few).
	return db.Raw("WITH found AS MATERIALIZED (?) SELECT found.*, held.id, held.type, held.title, held.description, held.impact, held.status, "+
		"held.start_at, held.end_at, held.system, held.created_by, held.created_at, held.updated_at, held.component_count "+
		"FROM found LEFT JOIN LATERAL (SELECT * FROM (SELECT events.*, "+
		"(SELECT COUNT(*) FROM event_components counted WHERE counted.event_id = events.id) AS component_count, "+
		"CASE WHEN EXISTS (SELECT 1 FROM event_components held WHERE held.event_id = events.id AND held.component_id = found.id) THEN 1 ELSE 0 END AS holds "+
		"FROM events WHERE "+unfinishedEventsSQL+") unfinished WHERE holds = 1 ORDER BY id"+
		") held ON true ORDER BY found.id, held.id", query), true
}

// heldRow is the held event of a lookup's row, NULL when the component is
// in no unfinished event.
type heldRow struct {
	ID                               *uint
	Type, Title, Description, Status *string
	Impact                           *int
	StartAt, EndAt                   *time.Time
	System                           *bool
	CreatedBy                        *string
	CreatedAt, UpdatedAt             *time.Time
	ComponentCount                   *int
}

// event is the row's held event; only for a row with one.
func (h heldRow) event() heldEvent {
	return heldEvent{ID: *h.ID, Type: model.EventType(*h.Type), Title: *h.Title, Description: *h.Description,
		Impact: model.Impact(*h.Impact), Status: *h.Status, StartAt: *h.StartAt, EndAt: h.EndAt, System: *h.System,
		CreatedBy: *h.CreatedBy, CreatedAt: *h.CreatedAt, UpdatedAt: *h.UpdatedAt, ComponentCount: *h.ComponentCount}
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
