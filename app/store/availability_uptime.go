package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"statusdash/app/availability"
)

// UptimeDays is the period of the uptime figure badges give: the 90 days
// of the uptime bars.
const UptimeDays = 90

// ReadUptime measures the components together over the last days UTC days
// up to now (today up to now): their measured time, maintenance and time at
// each impact summed, so a service's figure is the share of its components'
// time that was up. The finalized days come from the daily roll-ups
// (component_days), the later ones (normally just today) from the events,
// as readMonthFigures counts them. NoData when none of the components
// existed in the period. Four queries (three without events), whatever the
// number of days and events.
func (s *Storage) ReadUptime(ctx context.Context, components []uint, days int, now time.Time) (availability.Figure, error) {
	now = utc(now)
	period := availability.Span{Start: dayStart(unixDay(now) - int64(days) + 1), End: now}
	total := availability.Figure{Period: period, NoData: true}
	if len(components) == 0 || days < 1 {
		return total, nil
	}
	db := s.db.WithContext(ctx)
	var finalized int64
	if err := db.Raw("SELECT finalized_day FROM rollup_state WHERE id = 1").Row().Scan(&finalized); err != nil {
		return total, fmt.Errorf("store: read finalized availability day: %w", markUnavailable(err))
	}
	since, err := readSinceOf(ctx, s, components)
	if err != nil {
		return total, err
	}
	liveDay := min(finalized, unixDay(now))
	from := dayStart(liveDay)
	rolled := make(map[uint]rollupTimes)
	if first := unixDay(period.Start); first < liveDay {
		rows, err := db.Raw("SELECT component_id, SUM(maintenance_ns), SUM(degraded_ns), SUM(partial_ns), SUM(outage_ns) FROM component_days "+
			"WHERE component_id IN ? AND day >= ? AND day < ? GROUP BY component_id", components, first, liveDay).Rows()
		if err != nil {
			return total, fmt.Errorf("store: read availability days: %w", markUnavailable(err))
		}
		defer rows.Close()
		for rows.Next() {
			var id uint
			var times rollupTimes
			if err := rows.Scan(&id, &times.MaintenanceNs, &times.DegradedNs, &times.PartialNs, &times.OutageNs); err != nil {
				return total, fmt.Errorf("store: read availability days: %w", err)
			}
			rolled[id] = times
		}
		if err := rows.Err(); err != nil {
			return total, fmt.Errorf("store: read availability days: %w", markUnavailable(err))
		}
	}
	events, err := readHistory(db, historyQuery{from: from, to: now, components: components, recent: true})
	if err != nil {
		return total, err
	}
	timelines := availability.Timelines(since, events.events, now)
	counted := []availability.Span{{Start: later(period.Start, from), End: now}}
	for id, start := range since {
		if !now.After(later(period.Start, start)) {
			continue // not there yet in the period
		}
		total.NoData = false
		live := timelines[id].Figures(counted)[0]
		times := rolled[id]
		before := availability.Span{Start: later(period.Start, start), End: earlier(now, from)}
		total.Maintenance += time.Duration(times.MaintenanceNs) + live.Maintenance
		total.Degraded += time.Duration(times.DegradedNs) + live.Degraded
		total.Partial += time.Duration(times.PartialNs) + live.Partial
		total.Outage += time.Duration(times.OutageNs) + live.Outage
		total.Measured += before.Duration() - time.Duration(times.MaintenanceNs) + live.Measured
	}
	return total, nil
}

// readSinceOf is readSince for a list of components.
func readSinceOf(ctx context.Context, s *Storage, components []uint) (map[uint]time.Time, error) {
	rows, err := s.db.WithContext(ctx).Raw("SELECT c.id, c.created_at, cs.since FROM components c "+
		"LEFT JOIN component_since cs ON cs.component_id = c.id WHERE c.id IN ?", components).Rows()
	if err != nil {
		return nil, fmt.Errorf("store: read component creation: %w", markUnavailable(err))
	}
	defer rows.Close()
	since := make(map[uint]time.Time, len(components))
	for rows.Next() {
		var id uint
		var created time.Time
		var older sql.NullTime
		if err := rows.Scan(&id, &created, &older); err != nil {
			return nil, fmt.Errorf("store: read component creation: %w", err)
		}
		since[id] = created.UTC()
		if older.Valid && older.Time.Before(created) {
			since[id] = older.Time.UTC()
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read component creation: %w", markUnavailable(err))
	}
	return since, nil
}
