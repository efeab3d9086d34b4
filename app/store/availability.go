package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"statusdash/app/availability"
	"statusdash/app/model"
)

// AvailabilityMonths is how many months the availability report covers.
const AvailabilityMonths = 12

// Availability is the monthly availability of every component.
type Availability struct {
	// Catalog leaves the rows' CreatedAt and UpdatedAt zero: no page prints
	// catalog times, and reading them is costly.
	Catalog *CatalogTree
	// Region is the region a ReadRegionAvailability report covers.
	Region *model.Region
	// Months are the first instants (UTC) of the covered months, newest first.
	Months []time.Time
	// Rows follow the catalog: category, service, region.
	Rows []*ComponentAvailability
}

// ComponentAvailability is one component's figure per month, in
// Availability.Months order. The current month counts up to now; a month
// before the component existed has NoData.
type ComponentAvailability struct {
	Component *model.Component
	Months    []availability.Figure
}

// ReadAvailability gives every component's availability for the last
// AvailabilityMonths calendar months (UTC) up to now: the figures package
// availability computes from its status timeline, summed from the monthly
// roll-ups (availability_rollup.go) with what is still running counted
// from the events. A fixed number of queries, reading rows by component
// and month, whatever the number of events.
func (s *Storage) ReadAvailability(ctx context.Context, now time.Time) (*Availability, error) {
	db := s.db.WithContext(ctx)
	tree, err := readCatalog(db, withoutTimes)
	if err != nil {
		return nil, err
	}
	return readAvailability(db, &s.months, tree, componentScope{}, now)
}

// ReadRegionAvailability is ReadAvailability for the components of one
// region, the one with the slug, or the first region when slug is empty:
// a quarter of the rows at four regions. Region is nil, and Rows empty,
// when the catalog has no region; an unknown slug is ErrNotFound.
func (s *Storage) ReadRegionAvailability(ctx context.Context, now time.Time, slug string) (*Availability, error) {
	db := s.db.WithContext(ctx)
	tree, err := readCatalog(db, withoutTimes)
	if err != nil {
		return nil, err
	}
	var region *model.Region
	switch {
	case slug != "":
		if region, err = tree.RegionBySlug(slug); err != nil {
			return nil, err
		}
	case len(tree.Regions) > 0:
		region = tree.Regions[0]
	}
	if region == nil {
		return &Availability{Catalog: tree}, nil
	}
	report, err := readAvailability(db, &s.months, tree, componentScope{region: region.ID}, now)
	if err != nil {
		return nil, err
	}
	report.Region = region
	return report, nil
}

// readAvailability measures the components of tree in scope, in catalog order.
func readAvailability(db *gorm.DB, cache *monthsCache, tree *CatalogTree, scope componentScope, now time.Time) (*Availability, error) {
	now = now.UTC()
	months := availability.Months(now, AvailabilityMonths, time.UTC)
	figures, err := readMonthFigures(db, cache, months, now, scope)
	if err != nil {
		return nil, err
	}
	report := &Availability{Catalog: tree}
	for _, month := range months {
		report.Months = append(report.Months, month.Start)
	}
	for _, service := range tree.Services {
		for _, component := range tree.ComponentsOf(service.ID) {
			if scope.region != 0 && component.RegionID != scope.region {
				continue
			}
			row := &ComponentAvailability{Component: component, Months: figures[component.ID]}
			if row.Months == nil {
				row.Months = (&availability.Timeline{Since: now, Until: now}).Figures(months)
			}
			report.Rows = append(report.Rows, row)
		}
	}
	return report, nil
}

// ReadTimelines reads the status timeline of every component between from
// and now: the incidents and maintenance windows it was in, with their
// recorded changes (event_changes). A timeline's Since is exact from from
// on; a component that existed before from has a Since at or before it.
// Three queries, whatever the number of components and events. The pages
// read the roll-ups instead; this is what they must equal.
func (s *Storage) ReadTimelines(ctx context.Context, from, now time.Time) (map[uint]*availability.Timeline, error) {
	db := s.db.WithContext(ctx)
	from, now = utc(from), utc(now)
	var components []struct {
		ID            uint
		CreatedAt     time.Time
		ExistedBefore int
	}
	// Bootstrap may provision a component with its history: an event before
	// its creation shows it existed then.
	err := db.Raw("SELECT c.id, c.created_at, CASE WHEN c.created_at > ? AND EXISTS (SELECT 1 FROM event_components ec "+
		"JOIN events e ON e.id = ec.event_id WHERE ec.component_id = c.id AND e.type IN ('incident', 'maintenance') AND e.start_at < ?) "+
		"THEN 1 ELSE 0 END AS existed_before FROM components c", from, from).Scan(&components).Error
	if err != nil {
		return nil, fmt.Errorf("store: read component creation: %w", err)
	}
	created := make(map[uint]time.Time, len(components))
	for _, c := range components {
		created[c.ID] = c.CreatedAt.UTC()
		if c.ExistedBefore == 1 {
			created[c.ID] = from
		}
	}
	events, err := readHistory(db, historyQuery{from: from, to: now})
	if err != nil {
		return nil, err
	}
	return availability.Timelines(created, events.events, now), nil
}
