package store

import (
	"context"
	"fmt"
	"time"

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

// ReadAvailability computes every component's availability for the last
// AvailabilityMonths calendar months (UTC) up to now, from its status
// timeline (package availability): seven queries whatever the catalog's
// size and the number of events.
func (s *Storage) ReadAvailability(ctx context.Context, now time.Time) (*Availability, error) {
	tree, err := readCatalog(s.db.WithContext(ctx), withoutTimes)
	if err != nil {
		return nil, err
	}
	now = now.UTC()
	months := availability.Months(now, AvailabilityMonths, time.UTC)
	timelines, err := s.ReadTimelines(ctx, months[len(months)-1].Start, now)
	if err != nil {
		return nil, err
	}
	report := &Availability{Catalog: tree}
	for _, month := range months {
		report.Months = append(report.Months, month.Start)
	}
	for _, service := range tree.Services {
		for _, component := range tree.ComponentsOf(service.ID) {
			row := &ComponentAvailability{Component: component}
			if timeline := timelines[component.ID]; timeline != nil {
				row.Months = timeline.Figures(months)
			} else {
				row.Months = (&availability.Timeline{Since: now, Until: now}).Figures(months)
			}
			report.Rows = append(report.Rows, row)
		}
	}
	return report, nil
}

// availabilityEventsSQL selects the incidents and maintenance windows that
// count between the two arguments (from, now).
const availabilityEventsSQL = "e.type IN ('incident', 'maintenance') AND e.start_at < ? AND (e.end_at IS NULL OR e.end_at > ?)"

// ReadTimelines reads the status timeline of every component between from
// and now: the incidents and maintenance windows it was in, with their
// recorded changes (event_changes). A timeline's Since is exact from from
// on; a component that existed before from has a Since at or before it.
// Three queries, whatever the number of components and events.
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
	var rows []struct {
		ID          uint
		Type        model.EventType
		Impact      model.Impact
		StartAt     time.Time
		EndAt       *time.Time
		ComponentID *uint
	}
	err = db.Raw("SELECT e.id, e.type, e.impact, e.start_at, e.end_at, ec.component_id FROM events e "+
		"LEFT JOIN event_components ec ON ec.event_id = e.id WHERE "+availabilityEventsSQL+" ORDER BY e.id", now, from).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: read availability events: %w", err)
	}
	var changes []eventChange
	err = db.Raw("SELECT ch.event_id, ch.at, ch.kind, ch.component_id, ch.impact, ch.previous_impact, ch.closed_at FROM event_changes ch "+
		"JOIN events e ON e.id = ch.event_id WHERE "+availabilityEventsSQL+" ORDER BY ch.id", now, from).Scan(&changes).Error
	if err != nil {
		return nil, fmt.Errorf("store: read event changes: %w", err)
	}
	var events []availability.Event
	index := make(map[uint]int)
	for _, row := range rows {
		i, seen := index[row.ID]
		if !seen {
			i = len(events)
			index[row.ID] = i
			events = append(events, availability.Event{Type: row.Type, Impact: row.Impact, Start: row.StartAt.UTC(), End: utcPointer(row.EndAt)})
		}
		if row.ComponentID != nil {
			events[i].Components = append(events[i].Components, *row.ComponentID)
		}
	}
	for _, c := range changes {
		i, ok := index[c.EventID]
		if !ok {
			continue
		}
		events[i].Changes = append(events[i].Changes, c.change())
	}
	return availability.Timelines(created, events, now), nil
}

// change is the row as the availability arithmetic reads it.
func (c eventChange) change() availability.Change {
	change := availability.Change{At: c.At.UTC(), Kind: c.Kind}
	if c.ComponentID != nil {
		change.Component = *c.ComponentID
	}
	if c.Impact != nil {
		change.Impact = model.Impact(*c.Impact)
	}
	if c.PreviousImpact != nil {
		change.Previous = model.Impact(*c.PreviousImpact)
	}
	if c.ClosedAt != nil {
		change.ClosedAt = c.ClosedAt.UTC()
	}
	return change
}
