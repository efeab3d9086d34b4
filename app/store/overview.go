package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"statusdash/app/model"
)

// Overview is everything the front page shows, read in a fixed number of
// queries whatever the catalog's size.
type Overview struct {
	Now time.Time
	// Catalog leaves the rows' CreatedAt and UpdatedAt zero: the pages
	// showing an overview print no catalog times, and reading them is costly.
	Catalog *CatalogTree
	// Health is the page-wide status: the worst component health.
	Health model.Health
	// Incidents are the open incidents, most severe first, then newest.
	Incidents []*EventSummary
	// Maintenance holds the maintenance windows and info notices going on now.
	Maintenance []*EventSummary
	// Upcoming holds planned maintenance and notices, soonest first.
	Upcoming []*EventSummary
	// Categories hold the status matrix: category, service, then one cell per
	// region in Catalog.Regions order.
	Categories []*CategoryStatus
}

// CategoryStatus is one category's services with their health per region.
type CategoryStatus struct {
	Category *model.Category
	Health   model.Health
	Services []*ServiceStatus
}

// ServiceStatus is one service's row of the matrix.
type ServiceStatus struct {
	Service *model.Service
	Health  model.Health
	// Cells line up with Overview.Catalog.Regions; a cell without a
	// component means the service does not run in that region.
	Cells []*ComponentStatus
}

// ComponentStatus is one component's derived health and the open event that
// causes it (nil when operational), for the link.
type ComponentStatus struct {
	Component *model.Component
	Health    model.Health
	Cause     *model.Event
}

// ReadOverview builds the overview at now: seven queries (four for the
// catalog, one for the current events, two for their components and latest
// updates; five when no event is current).
func (s *Storage) ReadOverview(ctx context.Context, now time.Time) (*Overview, error) {
	db := s.db.WithContext(ctx)
	tree, err := readCatalog(db, withoutTimes)
	if err != nil {
		return nil, err
	}
	events, err := readEvents(db, overviewEventsQuery, utc(now), utc(now))
	if err != nil {
		return nil, fmt.Errorf("store: read current events: %w", err)
	}
	sortNewestFirst(events)
	summaries, err := summarise(db, tree, events)
	if err != nil {
		return nil, err
	}
	overview := &Overview{Now: now, Catalog: tree}
	byComponent := make(map[uint][]*model.Event)
	for _, summary := range summaries {
		event := summary.Event
		switch {
		case event.IsOpen(now) && event.Type == model.TypeIncident:
			overview.Incidents = append(overview.Incidents, summary)
		case event.IsOpen(now):
			overview.Maintenance = append(overview.Maintenance, summary)
		case event.IsUpcoming(now):
			overview.Upcoming = append(overview.Upcoming, summary)
		}
		if event.IsOpen(now) {
			for _, component := range event.Components {
				byComponent[component.ID] = append(byComponent[component.ID], event)
			}
		}
	}
	sortBySeverity(overview.Incidents)
	sortBySoonest(overview.Upcoming)
	overview.Categories, overview.Health = statusMatrix(tree, byComponent, now)
	return overview, nil
}

// overviewEventsSQL is currentEventsSQL led by a condition on end_at alone,
// so both SQLite and PostgreSQL read the few unended events through
// events_end_at_idx (or events_open_idx) instead of scanning every event ever
// recorded. It takes now twice.
const overviewEventsSQL = "(end_at IS NULL OR end_at > ?) AND " + currentEventsSQL

// overviewEventsQuery selects the open and upcoming events. It has no ORDER
// BY: ordering by start_at makes SQLite walk the whole start_at index instead.
const overviewEventsQuery = "SELECT " + eventColumns + " FROM events WHERE " + overviewEventsSQL

// sortNewestFirst orders events by start, newest first, then by id.
func sortNewestFirst(events []*model.Event) {
	slices.SortFunc(events, func(a, b *model.Event) int {
		return cmp.Or(b.StartAt.Compare(a.StartAt), cmp.Compare(b.ID, a.ID))
	})
}

// statusMatrix derives every component's health and rolls it up per service,
// category and page.
func statusMatrix(tree *CatalogTree, byComponent map[uint][]*model.Event, now time.Time) ([]*CategoryStatus, model.Health) {
	page := model.HealthOperational
	categories := make([]*CategoryStatus, 0, len(tree.Categories))
	for _, category := range tree.Categories {
		categoryStatus := &CategoryStatus{Category: category}
		for _, service := range tree.ServicesOf(category.ID) {
			serviceStatus := &ServiceStatus{Service: service, Cells: make([]*ComponentStatus, len(tree.Regions))}
			components := tree.ComponentsOf(service.ID)
			for i, region := range tree.Regions {
				for _, component := range components {
					if component.RegionID != region.ID {
						continue
					}
					cell := componentStatus(component, byComponent[component.ID], now)
					serviceStatus.Cells[i] = cell
					serviceStatus.Health = max(serviceStatus.Health, cell.Health)
				}
			}
			categoryStatus.Health = max(categoryStatus.Health, serviceStatus.Health)
			categoryStatus.Services = append(categoryStatus.Services, serviceStatus)
		}
		page = max(page, categoryStatus.Health)
		categories = append(categories, categoryStatus)
	}
	return categories, page
}

func componentStatus(component *model.Component, events []*model.Event, now time.Time) *ComponentStatus {
	cell := &ComponentStatus{Component: component, Health: model.ComponentHealth(now, events)}
	if cell.Health == model.HealthOperational {
		return cell
	}
	for _, event := range events {
		if !event.IsOpen(now) {
			continue
		}
		if cell.Health == model.HealthMaintenance && event.Type == model.TypeMaintenance ||
			event.Type == model.TypeIncident && model.HealthForImpact(event.Impact) == cell.Health {
			cell.Cause = event
			break
		}
	}
	return cell
}
