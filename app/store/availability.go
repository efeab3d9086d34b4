package store

import (
	"context"
	"fmt"
	"slices"
	"time"

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

// ComponentAvailability is one component's availability per month, in
// Availability.Months order.
type ComponentAvailability struct {
	Component *model.Component
	Months    []MonthAvailability
}

// MonthAvailability is one month of one component. The current month counts
// up to now only.
type MonthAvailability struct {
	Start   time.Time
	Outage  time.Duration
	Percent float64
}

// ReadAvailability computes, for the last AvailabilityMonths months up to
// now, every component's availability from the outage minutes (impact
// outage) of its closed incidents, each clipped to the month: five queries.
func (s *Storage) ReadAvailability(ctx context.Context, now time.Time) (*Availability, error) {
	db := s.db.WithContext(ctx)
	tree, err := readCatalog(db, withoutTimes)
	if err != nil {
		return nil, err
	}
	now = now.UTC()
	current := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	months := make([]time.Time, AvailabilityMonths)
	for i := range months {
		months[i] = current.AddDate(0, -i, 0)
	}
	windowStart := months[len(months)-1]
	var outages []struct {
		ComponentID uint
		StartAt     time.Time
		EndAt       time.Time
	}
	err = db.Table("events e").Select("ec.component_id, e.start_at, e.end_at").
		Joins("JOIN event_components ec ON ec.event_id = e.id").
		Where("e.type = ? AND e.impact = ? AND e.end_at IS NOT NULL AND e.end_at > ? AND e.start_at < ?",
			string(model.TypeIncident), int(model.ImpactOutage), utc(windowStart), utc(now)).
		Scan(&outages).Error
	if err != nil {
		return nil, fmt.Errorf("store: read outages: %w", err)
	}
	byComponent := make(map[uint][]interval)
	for _, outage := range outages {
		byComponent[outage.ComponentID] = append(byComponent[outage.ComponentID], interval{outage.StartAt.UTC(), outage.EndAt.UTC()})
	}
	report := &Availability{Catalog: tree, Months: months}
	for _, service := range tree.Services {
		for _, component := range tree.ComponentsOf(service.ID) {
			merged := mergeIntervals(byComponent[component.ID])
			row := &ComponentAvailability{Component: component, Months: make([]MonthAvailability, len(months))}
			for i, start := range months {
				end := earlier(start.AddDate(0, 1, 0), now)
				row.Months[i] = monthAvailability(start, end, merged)
			}
			report.Rows = append(report.Rows, row)
		}
	}
	return report, nil
}

type interval struct{ start, end time.Time }

// mergeIntervals joins overlapping outages so that two incidents at once do
// not count twice.
func mergeIntervals(intervals []interval) []interval {
	slices.SortFunc(intervals, func(a, b interval) int { return a.start.Compare(b.start) })
	var merged []interval
	for _, next := range intervals {
		if !next.end.After(next.start) {
			continue
		}
		if last := len(merged) - 1; last >= 0 && !next.start.After(merged[last].end) {
			if next.end.After(merged[last].end) {
				merged[last].end = next.end
			}
			continue
		}
		merged = append(merged, next)
	}
	return merged
}

// monthAvailability clips the outages to [start, end) and turns them into a
// percentage of that span.
func monthAvailability(start, end time.Time, outages []interval) MonthAvailability {
	month := MonthAvailability{Start: start, Percent: 100}
	span := end.Sub(start)
	if span <= 0 {
		return month
	}
	for _, outage := range outages {
		from, to := later(outage.start, start), earlier(outage.end, end)
		if to.After(from) {
			month.Outage += to.Sub(from)
		}
	}
	month.Percent = 100 * (1 - month.Outage.Seconds()/span.Seconds())
	return month
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
