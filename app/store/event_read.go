package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"gorm.io/gorm"

	"statusdash/app/model"
)

// EventSummary is an event as lists show it: its components (each with its
// service and region) and its latest update.
type EventSummary struct {
	Event  *model.Event
	Latest *model.EventUpdate // nil when the event has no update yet
}

// Services lists the distinct services the event affects, in catalog order
// of first appearance.
func (e *EventSummary) Services() []*model.Service { return eventServices(e.Event) }

// Regions lists the distinct regions the event affects.
func (e *EventSummary) Regions() []*model.Region { return eventRegions(e.Event) }

func eventServices(event *model.Event) []*model.Service {
	var services []*model.Service
	for _, component := range event.Components {
		if component.Service != nil && !slices.Contains(services, component.Service) {
			services = append(services, component.Service)
		}
	}
	return services
}

func eventRegions(event *model.Event) []*model.Region {
	var regions []*model.Region
	for _, component := range event.Components {
		if component.Region != nil && !slices.Contains(regions, component.Region) {
			regions = append(regions, component.Region)
		}
	}
	slices.SortStableFunc(regions, func(a, b *model.Region) int {
		return cmp.Or(cmp.Compare(a.Position, b.Position), cmp.Compare(a.Name, b.Name))
	})
	return regions
}

// The SQL conditions telling open, upcoming and closed events apart; they
// mirror model.Event.IsOpen and IsUpcoming. Each takes now as its argument.
const (
	currentEventsSQL = "((type = 'incident' AND end_at IS NULL) OR " +
		"(type <> 'incident' AND status NOT IN ('completed', 'cancelled') AND (end_at IS NULL OR end_at > ?)))"
	closedEventsSQL = "((type = 'incident' AND end_at IS NOT NULL) OR " +
		"(type <> 'incident' AND (status IN ('completed', 'cancelled') OR (end_at IS NOT NULL AND end_at <= ?))))"
)

// summarise attaches components (from tree) and latest updates to events:
// two queries whatever the number of events, none when there are none.
func summarise(db *gorm.DB, tree *CatalogTree, events []*model.Event) ([]*EventSummary, error) {
	summaries := make([]*EventSummary, len(events))
	if len(events) == 0 {
		return summaries, nil
	}
	ids := make([]uint, len(events))
	byID := make(map[uint]*EventSummary, len(events))
	for i, event := range events {
		ids[i] = event.ID
		summaries[i] = &EventSummary{Event: event}
		byID[event.ID] = summaries[i]
	}
	links, err := readEventLinks(db, ids)
	if err != nil {
		return nil, fmt.Errorf("store: read event components: %w", err)
	}
	for _, link := range links {
		if component := tree.Component(link.componentID); component != nil {
			event := byID[link.eventID].Event
			event.Components = append(event.Components, *component)
		}
	}
	order := newCatalogOrder(tree)
	for _, summary := range summaries {
		order.sortComponents(summary.Event.Components)
	}
	latest, err := readLatestUpdates(db, ids)
	if err != nil {
		return nil, fmt.Errorf("store: read latest event updates: %w", err)
	}
	for _, update := range latest {
		byID[update.EventID].Latest = update
	}
	return summaries, nil
}

// catalogOrder is where each component and service stands in the catalog.
type catalogOrder struct {
	components, services map[uint]int
}

func newCatalogOrder(tree *CatalogTree) catalogOrder {
	order := catalogOrder{components: make(map[uint]int, len(tree.Components)), services: make(map[uint]int, len(tree.Services))}
	for i, component := range tree.Components {
		order.components[component.ID] = i
	}
	for i, service := range tree.Services {
		order.services[service.ID] = i
	}
	return order
}

// sortComponents orders an event's components like the catalog: by category,
// service, then region.
func (o catalogOrder) sortComponents(components []model.Component) {
	slices.SortStableFunc(components, func(a, b model.Component) int {
		return cmp.Or(cmp.Compare(o.services[a.ServiceID], o.services[b.ServiceID]), cmp.Compare(o.components[a.ID], o.components[b.ID]))
	})
}

// ReadEvent returns one event with its components (each with service,
// category and region) and its updates oldest first, or ErrNotFound.
func (s *Storage) ReadEvent(ctx context.Context, id uint) (*model.Event, error) {
	db := s.db.WithContext(ctx)
	var event model.Event
	err := db.Preload("Components.Service.Category").Preload("Components.Region").
		Preload("Updates", func(db *gorm.DB) *gorm.DB { return db.Order("at, id") }).
		First(&event, id).Error
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("event %d", id))
	}
	slices.SortStableFunc(event.Components, func(a, b model.Component) int {
		return cmp.Or(
			cmp.Compare(a.Service.Category.Position, b.Service.Category.Position),
			cmp.Compare(a.Service.Position, b.Service.Position),
			cmp.Compare(a.Service.Name, b.Service.Name),
			cmp.Compare(a.Region.Position, b.Region.Position),
			cmp.Compare(a.Region.Name, b.Region.Name))
	})
	return &event, nil
}
