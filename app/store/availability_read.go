package store

import (
	"database/sql"
	"fmt"
	"maps"
	"time"

	"gorm.io/gorm"

	"statusdash/app/availability"
)

// readMonthFigures measures every component over the UTC calendar months
// (availability.Months, newest first) up to now, as Timeline.Figures
// measures its full timeline: the finalized days from the monthly roll-ups,
// the later ones (normally just today) from the events themselves, whatever
// still runs in them. Four queries (five when reading a past instant),
// reading a row per component and month that held anything, whatever the
// number of events. Days the finalizer has not reached yet (a server down
// for days) count from the events too: right, only slower. Only the
// components in scope are measured.
func readMonthFigures(db *gorm.DB, cache *monthsCache, months []availability.Span, now time.Time, scope componentScope) (map[uint][]availability.Figure, error) {
	since, err := readSince(db, scope)
	if err != nil {
		return nil, err
	}
	now = utc(now) // as the database holds times
	rolled, finalized, err := readMonthRows(db, cache, monthNumber(months[len(months)-1].Start), monthNumber(months[0].Start), scope)
	if err != nil {
		return nil, err
	}
	// Counted from the events: the days not finalized, and those from now's
	// on when a clock behind the finalizer's (or a test) reads a past instant.
	liveDay := min(finalized, unixDay(now))
	from := dayStart(liveDay)
	events, err := readHistory(db, historyQuery{from: from, to: now, recent: true})
	if err != nil {
		return nil, err
	}
	timelines := availability.Timelines(since, events.events, now)
	if liveDay < finalized {
		// The months' sums hold those finalized days: take them out.
		var dayRows []componentDay
		err = db.Raw("SELECT component_id, day, month, maintenance_ns, degraded_ns, partial_ns, outage_ns FROM component_days "+
			"WHERE day >= ? AND day < ?", liveDay, finalized).Scan(&dayRows).Error
		if err != nil {
			return nil, fmt.Errorf("store: read availability days: %w", err)
		}
		rolled = cloneMonthRows(rolled) // the cache's: read only
		for _, row := range dayRows {
			if rolled[row.ComponentID] != nil {
				rolled[row.ComponentID][row.Month] = rolled[row.ComponentID][row.Month].plus(row.times(), -1)
			}
		}
	}

	counted := make([]availability.Span, len(months))
	for i, month := range months {
		counted[i] = availability.Span{Start: later(month.Start, from), End: month.End}
	}
	figures := make(map[uint][]availability.Figure, len(since))
	for id, start := range since {
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

// cloneMonthRows copies the rows of readMonthRows, to change them.
func cloneMonthRows(rolled map[uint]map[int64]rollupTimes) map[uint]map[int64]rollupTimes {
	clone := make(map[uint]map[int64]rollupTimes, len(rolled))
	for id, months := range rolled {
		clone[id] = maps.Clone(months)
	}
	return clone
}

// componentScope is the components an availability read measures: one
// region's, one service's, the one component of a service in a region, or
// every one when both are zero. A condition rather than a list of ids:
// the SQLite driver binds each placeholder at a cost, and a region holds
// hundreds of components.
type componentScope struct{ region, service uint }

// condition limits column, a component id, to the scope.
func (s componentScope) condition(column string) (string, []any) {
	switch {
	case s.region == 0 && s.service == 0:
		return "1 = 1", nil
	case s.service == 0:
		return column + " IN (SELECT id FROM components WHERE region_id = ?)", []any{s.region}
	case s.region == 0:
		return column + " IN (SELECT id FROM components WHERE service_id = ?)", []any{s.service}
	}
	return column + " IN (SELECT id FROM components WHERE service_id = ? AND region_id = ?)", []any{s.service, s.region}
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
