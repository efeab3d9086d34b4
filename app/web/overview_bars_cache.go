package web

import (
	"context"
	"slices"
	"sync"
	"time"

	"statusdash/app/availability"
	"statusdash/app/store"
)

// The overview draws 90 days of bars per service, and all but the last
// (normally today alone) are finalized: summed from the daily roll-ups,
// they change only when the roll-ups do, and every change of them moves
// rollup_generation on. So a server keeps each service's finalized days,
// as bar classes with their figure, under the generation they were read
// at, and a build reads and draws only the days counted from the events.
// The generation comes from the database at every build, so a roll-up by
// another instance, or an edit of a past day anywhere, is seen at once.

// finishedKey names what one kept set of finalized days covers.
type finishedKey struct {
	// region is the region the bars cover, 0 for all together.
	region uint
	// firstDay is the window's first day (Unix seconds of its start);
	// finalized counts the window's days summed from the roll-ups.
	firstDay   int64
	finalized  int
	generation int64
}

// finishedRow is a service's finalized days: the components they sum, the
// class of each day and the figure over them all.
type finishedRow struct {
	components []uint
	classes    []barClass
	total      availability.Figure
}

// finishedDays is one set of finalized days: a row per service. Read only
// once kept.
type finishedDays map[uint]finishedRow

// covers tells whether the kept rows sum the same components as the
// services now hold: a component added or removed is a miss.
func (f finishedDays) covers(services []scopedService) bool {
	for _, service := range services {
		row, ok := f[service.id]
		if !ok || !slices.Equal(row.components, service.components) {
			return false
		}
	}
	return true
}

// maxFinishedSets bounds the kept sets: one per region and one for all
// regions, with room for the day's turn, when the window moves on.
const maxFinishedSets = 32

// finishedBars keeps sets of finalized days by key. Safe for concurrent use.
type finishedBars struct {
	mu   sync.Mutex
	sets map[finishedKey]finishedDays
}

// kept returns the set kept for key.
func (c *finishedBars) kept(key finishedKey) (finishedDays, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	days, ok := c.sets[key]
	return days, ok
}

// put keeps days under key, dropping the sets of older generations, which
// no build can use any more.
func (c *finishedBars) put(key finishedKey, days finishedDays) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sets == nil || len(c.sets) >= maxFinishedSets {
		c.sets = make(map[finishedKey]finishedDays)
	}
	for kept := range c.sets {
		if kept.generation < key.generation {
			delete(c.sets, kept)
		}
	}
	c.sets[key] = days
}

// scopedService is a service on the overview with its components in the
// bars' scope.
type scopedService struct {
	id         uint
	components []uint
}

// serviceBars are one service's bars: a class per day, oldest first, and
// the figure over the days.
type serviceBars struct {
	classes []barClass
	total   availability.Figure
}

// readServiceBars reads the bars of each service over the last
// store.UptimeDays days: the days counted from the events each time, the
// finalized ones from finishedBars while their generation stands.
func (s *Server) readServiceBars(ctx context.Context, services []scopedService, scope store.AvailabilityScope, now time.Time) ([]serviceBars, error) {
	recent, err := s.store.ReadRecentAvailability(ctx, now, store.UptimeDays, scope)
	if err != nil {
		return nil, err
	}
	firstDay := recent.Days[0].Start.AddDate(0, 0, -recent.FinalizedBefore)
	key := finishedKey{region: scope.RegionID, firstDay: firstDay.Unix(), finalized: recent.FinalizedBefore, generation: recent.Generation}
	if finished, ok := s.finishedBars.kept(key); ok && finished.covers(services) {
		bars := make([]serviceBars, len(services))
		for i, service := range services {
			bars[i] = joinBars(finished[service.id], recent.Combined(service.components))
		}
		return bars, nil
	}
	daily, err := s.store.ReadDailyAvailability(ctx, now, store.UptimeDays, scope)
	if err != nil {
		return nil, err
	}
	finished := make(finishedDays, len(services))
	bars := make([]serviceBars, len(services))
	for i, service := range services {
		days := daily.Combined(service.components)
		row := finishedRow{components: service.components, classes: appendClasses(nil, days[:daily.Finalized]),
			total: sumDays(days[:daily.Finalized])}
		finished[service.id] = row
		bars[i] = joinBars(row, days[daily.Finalized:])
	}
	s.finishedBars.put(finishedKey{region: scope.RegionID, firstDay: daily.Days[0].Start.Unix(), finalized: daily.Finalized,
		generation: daily.Generation}, finished)
	return bars, nil
}

// joinBars adds the days counted from the events to a service's finalized days.
func joinBars(finished finishedRow, recent []store.DayFigure) serviceBars {
	classes := make([]barClass, 0, len(finished.classes)+len(recent))
	classes = appendClasses(append(classes, finished.classes...), recent)
	total := finished.total
	for _, day := range recent {
		total.AddTimes(day.Figure)
	}
	return serviceBars{classes: classes, total: total}
}

// sumDays is the figure over the days: their times added up, as
// DailyAvailability.Total adds them per component (no data when none had).
func sumDays(days []store.DayFigure) availability.Figure {
	sum := availability.Figure{NoData: true}
	for _, day := range days {
		sum.AddTimes(day.Figure)
	}
	return sum
}
