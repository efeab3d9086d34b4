package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"statusdash/app/availability"
	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// checkDays compares, at now, the day figures ReadDailyAvailability reads
// from the daily roll-ups with those of the full timelines, day by day and
// component by component: they must be equal to the nanosecond.
func checkDays(t *testing.T, s *store.Storage, now time.Time) {
	t.Helper()
	ctx := context.Background()
	daily, err := s.ReadDailyAvailability(ctx, now, store.UptimeDays, store.AvailabilityScope{})
	if err != nil {
		t.Fatalf("ReadDailyAvailability: %v", err)
	}
	days := availability.Days(now.UTC(), store.UptimeDays, time.UTC)
	slices.Reverse(days)
	if !slices.Equal(daily.Days, days) {
		t.Fatalf("days: got %v .. %v, want %v .. %v", daily.Days[0], daily.Days[len(daily.Days)-1], days[0], days[len(days)-1])
	}
	timelines, err := s.ReadTimelines(ctx, days[0].Start, now)
	if err != nil {
		t.Fatalf("ReadTimelines: %v", err)
	}
	if len(daily.Figures) != len(timelines) {
		t.Errorf("got figures of %d components, want %d", len(daily.Figures), len(timelines))
	}
	for id, timeline := range timelines {
		want := timeline.Figures(days)
		for i, got := range daily.Figures[id] {
			if got != want[i] {
				t.Errorf("at %v, component %d, %v: got %+v,\nwant %+v", now.Format(time.RFC3339), id, days[i].Start.Format(time.DateOnly), got, want[i])
			}
		}
	}
	checkRecentDays(t, s, now, daily)
}

// checkRecentDays compares ReadRecentAvailability with the days of daily
// after its finalized ones, at the same generation.
func checkRecentDays(t *testing.T, s *store.Storage, now time.Time, daily *store.DailyAvailability) {
	t.Helper()
	recent, err := s.ReadRecentAvailability(context.Background(), now, store.UptimeDays, store.AvailabilityScope{})
	if err != nil {
		t.Fatalf("ReadRecentAvailability: %v", err)
	}
	if recent.Generation != daily.Generation || recent.FinalizedBefore != daily.Finalized {
		t.Errorf("recent days: generation %d after %d finalized days, want %d after %d",
			recent.Generation, recent.FinalizedBefore, daily.Generation, daily.Finalized)
	}
	if want := daily.Days[daily.Finalized:]; len(want) == 0 || !slices.Equal(recent.Days, want) {
		t.Fatalf("recent days %v, want %v (today at least)", recent.Days, want)
	}
	for id, row := range daily.Figures {
		if got, want := recent.Figures[id], row[daily.Finalized:]; !slices.Equal(got, want) {
			t.Errorf("component %d's recent days: got %+v, want %+v", id, got, want)
		}
	}
}

// The bars' days are the timelines' figures, stored: equal to those from
// every event now and as days pass, before and after each finalization.
func TestDailyAvailabilityMatchesTimelines(t *testing.T) {
	t.Parallel()
	day := 24 * time.Hour
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		olderComponents(t, f, f.now.Add(-400*day))
		midnight := f.now.Truncate(day)
		f.closed(t, store.NewEvent{Type: model.TypeIncident, Title: "Down", Impact: model.ImpactOutage, ComponentIDs: []uint{1, 2},
			StartAt: midnight.Add(-20*day - 3*time.Hour)}, midnight.Add(-20*day+2*time.Hour), f.now)
		f.closed(t, store.NewEvent{Type: model.TypeIncident, Title: "Slow", Impact: model.ImpactMajor, ComponentIDs: []uint{2, 3},
			StartAt: midnight.Add(-95 * day)}, midnight.Add(-88*day), f.now)
		f.create(t, store.NewEvent{Type: model.TypeMaintenance, Title: "Move", ComponentIDs: []uint{3},
			StartAt: midnight.Add(-2*day + time.Hour), EndAt: ptr(midnight.Add(-day + time.Hour))}, f.now.Add(-3*day))
		f.create(t, store.NewEvent{Type: model.TypeIncident, Title: "Still", Impact: model.ImpactMinor, ComponentIDs: []uint{4},
			StartAt: f.now.Add(-30 * time.Hour)}, f.now)
		for _, later := range []time.Duration{0, time.Minute, day + 3*time.Hour, 45 * day} {
			checkDays(t, s, f.now.Add(later))
			if _, err := s.FinalizeAvailability(f.ctx, f.now.Add(later)); err != nil {
				t.Fatal(err)
			}
			checkDays(t, s, f.now.Add(later))
		}
	})
}

// A component created today has no data on any day before today; the
// counts and the combined figures of a service take an incident of two of
// its components once, and the uptime figure is the days' together.
func TestDailyAvailabilityOfAService(t *testing.T) {
	t.Parallel()
	day := 24 * time.Hour
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		olderComponents(t, f, f.now.Add(-400*day))
		sqlDB, err := s.SQL()
		if err != nil {
			t.Fatal(err)
		}
		today := f.now.Truncate(day)
		// RDS in EU-NL (component 4) begins today.
		if _, err := sqlDB.ExecContext(f.ctx, "UPDATE components SET created_at = $1 WHERE id = 4", today); err != nil {
			t.Fatal(err)
		}
		start := today.Add(-10*day + 6*time.Hour)
		f.closed(t, store.NewEvent{Type: model.TypeIncident, Title: "Down", Impact: model.ImpactOutage, ComponentIDs: []uint{1, 2},
			StartAt: start}, start.Add(144*time.Minute), f.now)
		f.closed(t, store.NewEvent{Type: model.TypeIncident, Title: "Slow", Impact: model.ImpactMajor, ComponentIDs: []uint{1},
			StartAt: start.Add(5 * time.Hour)}, start.Add(6*time.Hour), f.now)
		if _, err := s.FinalizeAvailability(f.ctx, f.now); err != nil {
			t.Fatal(err)
		}

		ecs, err := s.ReadDailyAvailability(f.ctx, f.now, store.UptimeDays, store.AvailabilityScope{ServiceID: 1})
		if err != nil {
			t.Fatal(err)
		}
		if got := ecs.Combined([]uint{1, 2})[store.UptimeDays-11].Incidents; got != 0 {
			t.Errorf("before ReadIncidentCounts: %d incidents, want none read", got)
		}
		if err := s.ReadIncidentCounts(f.ctx, ecs); err != nil {
			t.Fatal(err)
		}
		if got := ecs.Incidents([]uint{1, 2}); got != 2 {
			t.Errorf("Incidents: %d, want 2", got)
		}
		if len(ecs.Figures) != 2 {
			t.Fatalf("service scope: figures of %d components, want 2", len(ecs.Figures))
		}
		combined := ecs.Combined([]uint{1, 2})
		incidentDay := combined[store.UptimeDays-11]
		if incidentDay.Incidents != 2 || incidentDay.Worst() != model.ImpactOutage {
			t.Errorf("the incidents' day: %d incidents, worst %v; want 2 (one held both regions), outage", incidentDay.Incidents, incidentDay.Worst())
		}
		// 144 min down in each region and 60 min partial in one, over two days' measured time.
		wantPercent := 100 * (1 - (2*144*60+0.3*3600)/(2*86400.0))
		if got := incidentDay.Percent(); got < wantPercent-1e-9 || got > wantPercent+1e-9 {
			t.Errorf("the incidents' day: %.6f %%, want %.6f %%", got, wantPercent)
		}
		if other := combined[store.UptimeDays-12]; other.Incidents != 0 || other.Percent() != 100 || other.NoData {
			t.Errorf("the day before: %+v, want up without incidents", other)
		}
		uptime, err := s.ReadUptime(f.ctx, f.now, store.UptimeDays, store.AvailabilityScope{ServiceID: 1})
		if err != nil {
			t.Fatal(err)
		}
		if want := ecs.Total([]uint{1, 2}); uptime != want {
			t.Errorf("ReadUptime: got %+v, want the days' total %+v", uptime, want)
		}
		if uptime.Outage != 2*144*time.Minute || uptime.Partial != time.Hour {
			t.Errorf("ReadUptime: outage %v, partial %v; want 4h48m and 1h", uptime.Outage, uptime.Partial)
		}

		rds, err := s.ReadDailyAvailability(f.ctx, f.now, store.UptimeDays, store.AvailabilityScope{ServiceID: 2, RegionID: 2})
		if err != nil {
			t.Fatal(err)
		}
		if len(rds.Figures) != 1 || rds.Figures[4] == nil {
			t.Fatalf("component scope: got figures of %v, want component 4's alone", rds.Figures)
		}
		for i, figure := range rds.Figures[4] {
			if last := i == store.UptimeDays-1; figure.NoData == last {
				t.Errorf("component created today, %v: NoData %v, want %v", rds.Days[i].Start.Format(time.DateOnly), figure.NoData, !last)
			}
		}
		if _, err := s.ReadUptime(f.ctx, f.now, 30, store.AvailabilityScope{ServiceID: 99}); err != store.ErrNotFound {
			t.Errorf("ReadUptime of an unknown service: %v, want ErrNotFound", err)
		}
	})
}

// The bars read rows per component and day, not per event: the page's
// statements and rows stay as they are when events are added to the same day.
func TestDailyAvailabilityStatementsDoNotGrow(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		olderComponents(t, f, f.now.Add(-400*24*time.Hour))
		yesterday := f.now.Truncate(24 * time.Hour).Add(-24 * time.Hour)
		read := func() int64 {
			counted, count := store.CountQueriesForTest(s)
			daily, err := counted.ReadDailyAvailability(f.ctx, f.now, store.UptimeDays, store.AvailabilityScope{})
			if err != nil {
				t.Fatalf("ReadDailyAvailability: %v", err)
			}
			if err := counted.ReadIncidentCounts(f.ctx, daily); err != nil {
				t.Fatalf("ReadIncidentCounts: %v", err)
			}
			return count()
		}
		before := read()
		for i := range 20 {
			start := yesterday.Add(time.Duration(i) * time.Minute)
			f.closed(t, store.NewEvent{Type: model.TypeIncident, Title: "blip", Impact: model.ImpactOutage, ComponentIDs: []uint{1, 2},
				StartAt: start}, start.Add(time.Minute), f.now)
		}
		if got := read(); got != before || got > 6 {
			t.Errorf("statements after 20 incidents: %d, before %d; want the same, at most 6", got, before)
		}
	})
}
