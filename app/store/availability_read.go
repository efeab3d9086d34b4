package store

import (
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"time"

	"gorm.io/gorm"

	"statusdash/app/availability"
)

// readMonthFigures measures every component over the UTC calendar months
// (availability.Months, newest first) up to now, as Timeline.Figures
// measures its full timeline: the days before today from the monthly
// roll-ups, today and every day an unfinished event held from the events
// themselves. Four to seven queries (more when events run today or have
// been running since before), reading a row per component and month that
// held anything, whatever the number of events. Only the components in
// scope are measured.
func readMonthFigures(db *gorm.DB, months []availability.Span, now time.Time, scope componentScope) (map[uint][]availability.Figure, error) {
	since, err := readSince(db, scope)
	if err != nil {
		return nil, err
	}
	now = utc(now) // as the database holds times
	today := dayStart(unixDay(now))
	events, err := readHistory(db, historyQuery{from: today, to: now, recent: true})
	if err != nil {
		return nil, err
	}
	// An event still running was refreshed up to the day of its last write:
	// its components count from the events since the day it began.
	liveFrom, earliest := map[uint]time.Time{}, today
	for _, e := range events.events {
		if !e.Start.Before(today) || (e.End != nil && !e.End.After(now)) {
			continue
		}
		from := dayStart(unixDay(e.Start))
		earliest = earlier(earliest, from)
		for _, id := range e.Components {
			if f, ok := liveFrom[id]; !ok || from.Before(f) {
				liveFrom[id] = from
			}
		}
	}
	running := slices.Sorted(maps.Keys(liveFrom))
	if len(running) > 0 {
		older, err := readHistory(db, historyQuery{from: earliest, to: today, components: running})
		if err != nil {
			return nil, err
		}
		events.merge(older)
	}
	timelines := availability.Timelines(since, events.events, now)

	rolled, err := readMonthRows(db, monthNumber(months[len(months)-1].Start), monthNumber(months[0].Start), scope)
	if err != nil {
		return nil, err
	}
	// The months' sums hold the days counted from the events: take them out.
	var dayRows []componentDay
	err = db.Raw("SELECT component_id, day, month, maintenance_ns, degraded_ns, partial_ns, outage_ns FROM component_days "+
		"WHERE day >= ? AND day < ? AND (day >= ? OR component_id IN ?)",
		unixDay(earliest), unixDay(months[0].End), unixDay(today), append(running, 0)).Scan(&dayRows).Error
	if err != nil {
		return nil, fmt.Errorf("store: read availability days: %w", err)
	}
	for _, row := range dayRows {
		from, ok := liveFrom[row.ComponentID]
		if !ok {
			from = today
		}
		if row.Day >= unixDay(from) && rolled[row.ComponentID] != nil {
			rolled[row.ComponentID][row.Month] = rolled[row.ComponentID][row.Month].plus(row.times(), -1)
		}
	}

	figures := make(map[uint][]availability.Figure, len(since))
	for id, start := range since {
		from, ok := liveFrom[id]
		if !ok {
			from = today
		}
		counted := make([]availability.Span, len(months))
		for i, month := range months {
			counted[i] = availability.Span{Start: later(month.Start, from), End: month.End}
		}
		live := timelines[id].Figures(counted)
		row := make([]availability.Figure, len(months))
		for i, month := range months {
			figure := availability.Figure{Period: month}
			if !earlier(month.End, now).After(later(month.Start, start)) {
				figure.NoData = true
				row[i] = figure
				continue
			}
			times := rolled[id][monthNumber(month.Start)]
			before := availability.Span{Start: later(month.Start, start), End: earlier(month.End, from)}
			figure.Maintenance = time.Duration(times.MaintenanceNs) + live[i].Maintenance
			figure.Degraded = time.Duration(times.DegradedNs) + live[i].Degraded
			figure.Partial = time.Duration(times.PartialNs) + live[i].Partial
			figure.Outage = time.Duration(times.OutageNs) + live[i].Outage
			figure.Measured = before.Duration() - time.Duration(times.MaintenanceNs) + live[i].Measured
			row[i] = figure
		}
		figures[id] = row
	}
	return figures, nil
}

// readMonthRows reads the rows of component_months in [first, last] of the
// components in scope, by component and month. A row per component and
// month: scanned straight, as GORM's scanning by reflection would be most
// of the page's cost.
func readMonthRows(db *gorm.DB, first, last int64, scope componentScope) (map[uint]map[int64]rollupTimes, error) {
	inScope, args := scope.condition("component_id")
	rows, err := db.Raw("SELECT component_id, month, maintenance_ns, degraded_ns, partial_ns, outage_ns FROM component_months "+
		"WHERE month >= ? AND month <= ? AND "+inScope, append([]any{first, last}, args...)...).Rows()
	if err != nil {
		return nil, fmt.Errorf("store: read availability months: %w", err)
	}
	defer rows.Close()
	rolled := make(map[uint]map[int64]rollupTimes)
	for rows.Next() {
		var row componentDay
		if err := rows.Scan(&row.ComponentID, &row.Month, &row.MaintenanceNs, &row.DegradedNs, &row.PartialNs, &row.OutageNs); err != nil {
			return nil, fmt.Errorf("store: read availability months: %w", err)
		}
		if rolled[row.ComponentID] == nil {
			rolled[row.ComponentID] = make(map[int64]rollupTimes, last-first+1)
		}
		rolled[row.ComponentID][row.Month] = row.times()
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read availability months: %w", err)
	}
	return rolled, nil
}

// readSince reads when each component in scope begins its availability:
// its creation, or the start of a history older than it (component_since).
// Scanned straight: a row per component.
func readSince(db *gorm.DB, scope componentScope) (map[uint]time.Time, error) {
	inScope, args := scope.condition("c.id")
	rows, err := db.Raw("SELECT c.id, c.created_at, s.since FROM components c LEFT JOIN component_since s ON s.component_id = c.id "+
		"WHERE "+inScope, args...).Rows()
	if err != nil {
		return nil, fmt.Errorf("store: read component creation: %w", err)
	}
	defer rows.Close()
	since := make(map[uint]time.Time)
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
		return nil, fmt.Errorf("store: read component creation: %w", err)
	}
	return since, nil
}

// componentScope is the components an availability read measures: one
// region's, or every one when region is zero. A condition on the region
// rather than a list of ids: the SQLite driver binds each placeholder at a
// cost, and a region holds hundreds of components.
type componentScope struct{ region uint }

// condition limits column, a component id, to the scope.
func (s componentScope) condition(column string) (string, []any) {
	if s.region == 0 {
		return "1 = 1", nil
	}
	return column + " IN (SELECT id FROM components WHERE region_id = ?)", []any{s.region}
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
