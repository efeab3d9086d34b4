package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"statusdash/app/model"
)

// StatuspageData is what the Statuspage public JSON files are built from.
type StatuspageData struct {
	Now     time.Time
	Catalog *CatalogTree
	// Health is every component's derived health at Now.
	Health map[uint]model.Health
	// Incidents are the open incidents plus the newest `limit` incidents,
	// newest start first, each with its components and updates oldest first.
	Incidents []*model.Event
	// Maintenance are the maintenance windows going on or planned at Now
	// plus the newest `limit` of them, newest start first, with components
	// and updates. Info notices are not maintenance: Statuspage readers
	// (Atlassian's widget, aggregators) would say "maintenance" for them.
	Maintenance []*model.Event
}

// ReadStatuspage reads the catalog, the open and newest incidents and the
// current, planned and newest maintenance windows: ten queries whatever the
// catalog's size.
func (s *Storage) ReadStatuspage(ctx context.Context, now time.Time, limit int) (*StatuspageData, error) {
	db := s.db.WithContext(ctx)
	tree, err := readCatalog(db, withTimes)
	if err != nil {
		return nil, err
	}
	incident, maintenance := string(model.TypeIncident), string(model.TypeMaintenance)
	queries := []struct {
		what  string
		query *gorm.DB
	}{
		{"open incidents", db.Where("type = ? AND end_at IS NULL", incident)},
		{"newest incidents", db.Where("type = ?", incident).Order("start_at DESC, id DESC").Limit(limit)},
		{"current maintenance", db.Where("type = ? AND status NOT IN ? AND (end_at IS NULL OR end_at > ?)",
			maintenance, []string{model.StatusCompleted, model.StatusCancelled}, utc(now))},
		{"newest maintenance", db.Where("type = ?", maintenance).Order("start_at DESC, id DESC").Limit(limit)},
	}
	byID := make(map[uint]*model.Event)
	for _, q := range queries {
		var events []*model.Event
		if err := q.query.Find(&events).Error; err != nil {
			return nil, fmt.Errorf("store: read %s: %w", q.what, err)
		}
		for _, event := range events {
			if _, seen := byID[event.ID]; !seen {
				byID[event.ID] = event
			}
		}
	}
	data := &StatuspageData{Now: now, Catalog: tree, Health: make(map[uint]model.Health, len(tree.Components))}
	if err := attachDetails(db, tree, byID); err != nil {
		return nil, err
	}
	open := make(map[uint][]*model.Event)
	for _, event := range byID {
		if event.Type == model.TypeIncident {
			data.Incidents = append(data.Incidents, event)
		} else {
			data.Maintenance = append(data.Maintenance, event)
		}
		if event.IsOpen(now) {
			for _, component := range event.Components {
				open[component.ID] = append(open[component.ID], event)
			}
		}
	}
	newestFirst := func(a, b *model.Event) int {
		return cmp.Or(b.StartAt.Compare(a.StartAt), cmp.Compare(b.ID, a.ID))
	}
	slices.SortFunc(data.Incidents, newestFirst)
	slices.SortFunc(data.Maintenance, newestFirst)
	for _, component := range tree.Components {
		data.Health[component.ID] = model.ComponentHealth(now, open[component.ID])
	}
	return data, nil
}

// attachDetails fills every event's components (from tree, in catalog order)
// and all its updates, oldest first: two queries.
func attachDetails(db *gorm.DB, tree *CatalogTree, byID map[uint]*model.Event) error {
	if len(byID) == 0 {
		return nil
	}
	ids := make([]uint, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var links []struct {
		EventID     uint
		ComponentID uint
	}
	if err := db.Table("event_components").Select("event_id, component_id").
		Where("event_id IN ?", ids).Order("event_id, component_id").Scan(&links).Error; err != nil {
		return fmt.Errorf("store: read event components: %w", err)
	}
	for _, link := range links {
		if component := tree.Component(link.ComponentID); component != nil {
			event := byID[link.EventID]
			event.Components = append(event.Components, *component)
		}
	}
	order := newCatalogOrder(tree)
	for _, event := range byID {
		order.sortComponents(event.Components)
	}
	var updates []model.EventUpdate
	if err := db.Where("event_id IN ?", ids).Order("at, id").Find(&updates).Error; err != nil {
		return fmt.Errorf("store: read event updates: %w", err)
	}
	for _, update := range updates {
		event := byID[update.EventID]
		event.Updates = append(event.Updates, update)
	}
	return nil
}
