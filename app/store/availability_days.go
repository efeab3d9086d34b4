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
	now  time.Time
	// scope is the components read, for ReadIncidentCounts.
	scope componentScope
	// Finalized counts the leading Days summed from the daily roll-ups,
	// read at Generation (rollup_generation, moved on by every change of
	// them): while it stands, those days' figures stand. The days after,
	// normally today alone, are counted from the events at each read.
	Finalized  int
	Generation int64
	// FinalizedBefore counts, in a ReadRecentAvailability, the finalized
	// days of the window left out before Days.
	FinalizedBefore int
	// Figures holds each component's figure per day, in Days order; a day
	// before the component existed has NoData.
	Figures map[uint][]availability.Figure
	// incidents are the incidents that overlap the days, for the counts
	// (none until ReadIncidentCounts); byComponent indexes them by the
	// components they hold.
	incidents   []dayIncident
	byComponent map[uint][]int
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
// of them that day once ReadIncidentCounts read them. Components not read
// are left out.
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
	}
	for _, i := range d.incidentsOf(components) {
		span := d.incidents[i].span
		for day := d.dayIndex(span.Start); day < len(days) && days[day].Period.Start.Before(span.End); day++ {
			if !days[day].NoData {
				days[day].Incidents++
			}
		}
	}
	return days
}

// dayIndex is the index in Days of the day holding t, 0 for one before.
func (d *DailyAvailability) dayIndex(t time.Time) int {
	return max(int(unixDay(t)-unixDay(d.Days[0].Start)), 0)
}

// incidentsOf are the indexes in incidents of those that hold any of the
// components, each once.
func (d *DailyAvailability) incidentsOf(components []uint) []int {
	var found []int
	for _, id := range components {
		found = append(found, d.byComponent[id]...)
	}
	slices.Sort(found)
	return slices.Compact(found)
}

// Incidents counts the incidents that held any of the components on any
// of the days.
func (d *DailyAvailability) Incidents(components []uint) int {
	return len(d.incidentsOf(components))
}

// Total is the figure of the components over every day taken together.
func (d *DailyAvailability) Total(components []uint) availability.Figure {
	total := availability.Figure{NoData: true}
	for _, id := range components {
		// Each component's days in turn, without a copy of them all.
		row := availability.Sum(d.Figures[id])
		total = availability.Sum([]availability.Figure{total, row})
	}
	if len(d.Days) > 0 {
		total.Period = availability.Span{Start: d.Days[0].Start, End: d.Days[len(d.Days)-1].End}
	}
	return total
}

// ReadDailyAvailability reads the availability of the components in scope
// over the last days UTC days up to now, today's included: four
// statements whatever the number of events (creation, the day rows with
// the finalized day, the events of the days not finalized and their
// changes); the day rows of a region or of the catalog come from the
// cache while they stand, which costs one short statement.
func (s *Storage) ReadDailyAvailability(ctx context.Context, now time.Time, days int, scope AvailabilityScope) (*DailyAvailability, error) {
	return s.readDailyAvailability(ctx, now, days, scope, false)
}

// ReadRecentAvailability is ReadDailyAvailability without the finalized
// days: of the last days UTC days up to now, only those counted from the
// events (normally today alone), with the Generation and the number of
// days (Finalized) before them, so that a caller who kept the finalized
// days of that generation adds these. The day rows are not read.
func (s *Storage) ReadRecentAvailability(ctx context.Context, now time.Time, days int, scope AvailabilityScope) (*DailyAvailability, error) {
	return s.readDailyAvailability(ctx, now, days, scope, true)
}

func (s *Storage) readDailyAvailability(ctx context.Context, now time.Time, days int, scope AvailabilityScope, recentOnly bool) (*DailyAvailability, error) {
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
	daily, err := readDayFigures(db, &s.months, spans, now, inScope, recentOnly)
	if err != nil {
		return nil, markUnavailable(err)
	}
	return daily, nil
}

// ReadIncidentCounts reads the incidents of the days of daily, for the
// counts of Combined and Incidents: one statement that reads the
// incidents of the days, found by their end. A service page's few rows
// count them per day; the overview's whole catalog goes without.
func (s *Storage) ReadIncidentCounts(ctx context.Context, daily *DailyAvailability) error {
	ctx, cancel := s.timeouts.withRead(ctx)
	defer cancel()
	incidents, err := readDayIncidents(s.db.WithContext(ctx), &s.specific, daily.Days[0].Start, daily.now, daily.scope)
	if err != nil {
		return markUnavailable(err)
	}
	daily.incidents, daily.byComponent = incidents, make(map[uint][]int)
	for i, incident := range incidents {
		for _, id := range incident.components {
			daily.byComponent[id] = append(daily.byComponent[id], i)
		}
	}
	return nil
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
// plainly up, the later ones from the events; with recentOnly, the later
// ones alone. The day rows of a region or of the catalog are kept in cache
// while their generation stands, as the months are
// (availability_months_cache.go): the overview, rebuilt after every write,
// reads them again only when they changed.
func readDayFigures(db *gorm.DB, cache *monthsCache, days []availability.Span, now time.Time, scope componentScope, recentOnly bool) (*DailyAvailability, error) {
	since, err := readSince(db, scope)
	if err != nil {
		return nil, err
	}
	first, last := unixDay(days[0].Start), unixDay(days[len(days)-1].Start)
	if scope.service != 0 {
		cache = nil // a service's few rows: kept for the regions and the catalog
	}
	var rolled map[uint]map[int64]rollupTimes
	var mark rollupMark
	if recentOnly {
		mark, err = readRollupMark(db)
	} else {
		rolled, mark, err = readDayRows(db, cache, first, last, scope)
	}
	if err != nil {
		return nil, err
	}
	liveDay := max(min(mark.finalized, unixDay(now)), first)
	finalized := int(liveDay - first)
	live := days[finalized:]
	var timelines map[uint]*availability.Timeline
	if len(live) > 0 {
		events, err := readHistory(db, historyQuery{from: live[0].Start, to: now, recent: true})
		if err != nil {
			return nil, err
		}
		timelines = availability.Timelines(since, events.events, now)
	}
	daily := &DailyAvailability{Days: days, now: now, scope: scope, Finalized: finalized, Generation: mark.generation}
	if recentOnly {
		daily.Days, daily.Finalized = live, 0
		daily.FinalizedBefore = finalized
	}
	daily.Figures = make(map[uint][]availability.Figure, len(since))
	// One array for every component's days: 9,000 figures at 100 components.
	width := len(daily.Days)
	all := make([]availability.Figure, len(since)*width)
	for id, start := range since {
		row := all[:width:width]
		all = all[width:]
		if !recentOnly {
			rolledDays(row[:finalized], days[:finalized], start, rolled[id], first)
		}
		if len(live) > 0 {
			copy(row[width-len(live):], timelines[id].Figures(live))
		}
		daily.Figures[id] = row
	}
	return daily, nil
}

// rolledDays fills row with a component's figures of the finalized days
// from its day rows (by day number, from first); a day without a row was
// plainly up, one before start held no data.
func rolledDays(row []availability.Figure, days []availability.Span, start time.Time, componentRows map[int64]rollupTimes, first int64) {
	for i, day := range days {
		figure := availability.Figure{Period: day}
		measured := availability.Span{Start: later(day.Start, start), End: day.End}
		if measured.Duration() <= 0 {
			figure.NoData = true
			row[i] = figure
			continue
		}
		times := componentRows[first+int64(i)]
		figure.Maintenance = time.Duration(times.MaintenanceNs)
		figure.Degraded = time.Duration(times.DegradedNs)
		figure.Partial = time.Duration(times.PartialNs)
		figure.Outage = time.Duration(times.OutageNs)
		figure.Measured = measured.Duration() - figure.Maintenance
		row[i] = figure
	}
}

// readDayIncidents reads the incidents that overlap [from, now) with the
// components in scope they hold: one statement that finds them by their
// end (indexed), as few incidents end after a recent from.
func readDayIncidents(db *gorm.DB, specific *dialectSpecific, from, now time.Time, scope componentScope) ([]dayIncident, error) {
	inScope, args := scope.condition("ec.component_id")
	rows, err := db.Raw("SELECT e.id, "+specific.unixSecond("e.start_at")+", "+specific.unixSecond("e.end_at")+", ec.component_id "+
		"FROM events e JOIN event_components ec ON ec.event_id = e.id "+
		"WHERE e.type = ? AND e.start_at < ? AND e.id IN (SELECT id FROM events WHERE end_at IS NULL UNION ALL SELECT id FROM events WHERE end_at > ?) AND "+
		inScope+" ORDER BY e.id", append([]any{string(model.TypeIncident), now, utc(from)}, args...)...).Rows()
	if err != nil {
		return nil, fmt.Errorf("store: read the days' incidents: %w", err)
	}
	defer rows.Close()
	var incidents []dayIncident
	for rows.Next() {
		var id, component uint
		var start int64
		var end sql.NullInt64
		if err := rows.Scan(&id, &start, &end, &component); err != nil {
			return nil, fmt.Errorf("store: read the days' incidents: %w", err)
		}
		if n := len(incidents); n == 0 || incidents[n-1].id != id {
			span := availability.Span{Start: time.Unix(start, 0).UTC(), End: now}
			if end.Valid {
				span.End = earlier(time.Unix(end.Int64, 0).UTC(), now)
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
