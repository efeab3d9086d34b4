package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"statusdash/app/availability"
	"statusdash/app/model"
)

// UptimeDays is how many UTC days the uptime bars and figures cover.
const UptimeDays = 90

// AvailabilityScope selects the components an availability read measures:
// a service's, a region's, one component (a service in a region), or every
// one when both are zero.
type AvailabilityScope struct {
	ServiceID, RegionID uint
}

// DailyAvailability is the availability of the components in a scope per
// UTC day, read from the daily roll-ups (component_days) with the days not
// finalized yet counted from the events, as ReadAvailability reads months.
type DailyAvailability struct {
	// Days are the covered UTC days, oldest first; the last is today's,
	// counted up to the time of the read.
	Days []availability.Span
	// Figures holds each component's figure per day, in Days order; a day
	// before the component existed has NoData.
	Figures map[uint][]availability.Figure
	// incidents are the incidents that overlap the days, for the counts.
	incidents []dayIncident
}

// dayIncident is an incident that held components over a span.
type dayIncident struct {
	id         uint
	span       availability.Span
	components []uint
}

// DayFigure is one day of one or several components taken together.
type DayFigure struct {
	availability.Figure
	// Incidents counts the incidents that held one of the components that day.
	Incidents int
}

// Combined is, per day in Days order, the figure of the components taken
// together (availability.Sum), with the number of incidents that held any
// of them that day. Components not read are left out.
func (d *DailyAvailability) Combined(components []uint) []DayFigure {
	days := make([]DayFigure, len(d.Days))
	figures := make([]availability.Figure, 0, len(components))
	for i, day := range d.Days {
		figures = figures[:0]
		for _, id := range components {
			if row := d.Figures[id]; row != nil {
				figures = append(figures, row[i])
			}
		}
		days[i].Figure = availability.Sum(figures)
		days[i].Period = day
		if days[i].NoData {
			continue
		}
		for _, incident := range d.incidents {
			if incident.span.Start.Before(day.End) && incident.span.End.After(day.Start) &&
				slices.ContainsFunc(incident.components, func(id uint) bool { return slices.Contains(components, id) }) {
				days[i].Incidents++
			}
		}
	}
	return days
}

// Incidents counts the incidents that held any of the components on any
// of the days.
func (d *DailyAvailability) Incidents(components []uint) int {
	count := 0
	for _, incident := range d.incidents {
		if slices.ContainsFunc(incident.components, func(id uint) bool { return slices.Contains(components, id) }) {
			count++
		}
	}
	return count
}

// Total is the figure of the components over every day taken together.
func (d *DailyAvailability) Total(components []uint) availability.Figure {
	var figures []availability.Figure
	for _, id := range components {
		figures = append(figures, d.Figures[id]...)
	}
	total := availability.Sum(figures)
	if len(d.Days) > 0 {
		total.Period = availability.Span{Start: d.Days[0].Start, End: d.Days[len(d.Days)-1].End}
	}
	return total
}

// ReadDailyAvailability reads the availability of the components in scope
// over the last days UTC days up to now, today's included: four
// statements whatever the number of events (creation, the day rows with
// the finalized day, the events of the days not finalized, the incidents
// of the days for their counts).
func (s *Storage) ReadDailyAvailability(ctx context.Context, now time.Time, days int, scope AvailabilityScope) (*DailyAvailability, error) {
	if days < 1 {
		return nil, fmt.Errorf("store: read daily availability: %d days, want at least one", days)
	}
	ctx, cancel := s.timeouts.withRead(ctx)
	defer cancel()
	db := s.db.WithContext(ctx)
	now = utc(now)
	spans := availability.Days(now, days, time.UTC)
	slices.Reverse(spans)
	inScope := componentScope{region: scope.RegionID, service: scope.ServiceID}
	figures, err := readDayFigures(db, spans, now, inScope)
	if err != nil {
		return nil, markUnavailable(err)
	}
	incidents, err := readDayIncidents(db, spans[0].Start, now, inScope)
	if err != nil {
		return nil, markUnavailable(err)
	}
	return &DailyAvailability{Days: spans, Figures: figures, incidents: incidents}, nil
}

// ReadUptime is the availability over the last days UTC days up to now of
// the components in scope taken together: the figure the badges and the
// bars print beside them. ErrNotFound when the scope holds no component.
func (s *Storage) ReadUptime(ctx context.Context, now time.Time, days int, scope AvailabilityScope) (availability.Figure, error) {
	daily, err := s.ReadDailyAvailability(ctx, now, days, scope)
	if err != nil {
		return availability.Figure{}, err
	}
	if len(daily.Figures) == 0 {
		return availability.Figure{}, ErrNotFound
	}
	ids := make([]uint, 0, len(daily.Figures))
	for id := range daily.Figures {
		ids = append(ids, id)
	}
	return daily.Total(ids), nil
}

// readDayFigures measures every component in scope over the UTC days
// (oldest first) up to now, as Timeline.Figures measures its timeline:
// the finalized days from component_days, where a day without a row was
// plainly up, the later ones from the events.
func readDayFigures(db *gorm.DB, days []availability.Span, now time.Time, scope componentScope) (map[uint][]availability.Figure, error) {
	since, err := readSince(db, scope)
	if err != nil {
		return nil, err
	}
	first, last := unixDay(days[0].Start), unixDay(days[len(days)-1].Start)
	inScope, args := scope.condition("d.component_id")
	// The finalized day in the same statement (the same snapshot) as the
	// rows it bounds; a clock behind the finalizer's reads from now's day on
	// from the events.
	rows, err := db.Raw("SELECT s.finalized_day, COALESCE(d.component_id, 0), COALESCE(d.day, 0), COALESCE(d.maintenance_ns, 0), "+
		"COALESCE(d.degraded_ns, 0), COALESCE(d.partial_ns, 0), COALESCE(d.outage_ns, 0) FROM rollup_state s "+
		"LEFT JOIN component_days d ON d.day >= ? AND d.day <= ? AND d.day < s.finalized_day AND d.day < ? AND "+inScope+" WHERE s.id = 1",
		append([]any{first, last, unixDay(now)}, args...)...).Rows()
	if err != nil {
		return nil, fmt.Errorf("store: read availability days: %w", err)
	}
	defer rows.Close()
	var finalized int64
	rolled := make(map[uint]map[int64]rollupTimes)
	for rows.Next() {
		var row componentDay
		if err := rows.Scan(&finalized, &row.ComponentID, &row.Day, &row.MaintenanceNs, &row.DegradedNs, &row.PartialNs, &row.OutageNs); err != nil {
			return nil, fmt.Errorf("store: read availability days: %w", err)
		}
		if row.ComponentID == 0 {
			continue // no day row: the state alone
		}
		if rolled[row.ComponentID] == nil {
			rolled[row.ComponentID] = make(map[int64]rollupTimes)
		}
		rolled[row.ComponentID][row.Day] = row.times()
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read availability days: %w", err)
	}
	liveDay := max(min(finalized, unixDay(now)), first)
	live := days[liveDay-first:]
	var timelines map[uint]*availability.Timeline
	if len(live) > 0 {
		events, err := readHistory(db, historyQuery{from: live[0].Start, to: now, recent: true})
		if err != nil {
			return nil, err
		}
		timelines = availability.Timelines(since, events.events, now)
	}
	figures := make(map[uint][]availability.Figure, len(since))
	for id, start := range since {
		row := make([]availability.Figure, len(days))
		for i, day := range days[:len(days)-len(live)] {
			figure := availability.Figure{Period: day}
			measured := availability.Span{Start: later(day.Start, start), End: day.End}
			if measured.Duration() <= 0 {
				figure.NoData = true
				row[i] = figure
				continue
			}
			times := rolled[id][first+int64(i)]
			figure.Maintenance = time.Duration(times.MaintenanceNs)
			figure.Degraded = time.Duration(times.DegradedNs)
			figure.Partial = time.Duration(times.PartialNs)
			figure.Outage = time.Duration(times.OutageNs)
			figure.Measured = measured.Duration() - figure.Maintenance
			row[i] = figure
		}
		if len(live) > 0 {
			copy(row[len(days)-len(live):], timelines[id].Figures(live))
		}
		figures[id] = row
	}
	return figures, nil
}

// readDayIncidents reads the incidents that overlap [from, now) with the
// components in scope they hold: one statement that finds them by their
// end (indexed), as few incidents end after a recent from.
func readDayIncidents(db *gorm.DB, from, now time.Time, scope componentScope) ([]dayIncident, error) {
	inScope, args := scope.condition("ec.component_id")
	rows, err := db.Raw("SELECT e.id, e.start_at, e.end_at, ec.component_id FROM events e JOIN event_components ec ON ec.event_id = e.id "+
		"WHERE e.type = ? AND e.start_at < ? AND e.id IN (SELECT id FROM events WHERE end_at IS NULL UNION ALL SELECT id FROM events WHERE end_at > ?) AND "+
		inScope+" ORDER BY e.id", append([]any{string(model.TypeIncident), now, utc(from)}, args...)...).Rows()
	if err != nil {
		return nil, fmt.Errorf("store: read the days' incidents: %w", err)
	}
	defer rows.Close()
	var incidents []dayIncident
	for rows.Next() {
		var id, component uint
		var start time.Time
		var end sql.NullTime
		if err := rows.Scan(&id, &start, &end, &component); err != nil {
			return nil, fmt.Errorf("store: read the days' incidents: %w", err)
		}
		if n := len(incidents); n == 0 || incidents[n-1].id != id {
			span := availability.Span{Start: start.UTC(), End: now}
			if end.Valid {
				span.End = earlier(end.Time.UTC(), now)
			}
			incidents = append(incidents, dayIncident{id: id, span: span})
		}
		incidents[len(incidents)-1].components = append(incidents[len(incidents)-1].components, component)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read the days' incidents: %w", err)
	}
	return incidents, nil
}
