package availability

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"statusdash/app/model"
)

// day is the period most cases measure: 2 March 2026, UTC.
var (
	dayStart = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	day      = Span{Start: dayStart, End: dayStart.Add(24 * time.Hour)}
	longAgo  = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	afterDay = dayStart.Add(48 * time.Hour)
)

// at is a moment of the measured day, minutes after 10:00.
func at(minutes int) time.Time {
	return dayStart.Add(10*time.Hour + time.Duration(minutes)*time.Minute)
}

func ended(minutes int) *time.Time { end := at(minutes); return &end }

const component = 7

func incident(impact model.Impact, start, end int, changes ...Change) Event {
	return Event{Type: model.TypeIncident, Impact: impact, Start: at(start), End: ended(end), Components: []uint{component}, Changes: changes}
}

func TestFigures(t *testing.T) {
	minutes := func(n int) time.Duration { return time.Duration(n) * time.Minute }
	tests := []struct {
		name    string
		created time.Time
		events  []Event
		now     time.Time
		period  Span
		want    Figure
	}{
		{"no events: up all day", longAgo, nil, afterDay, day,
			Figure{Measured: 24 * time.Hour}},
		{"minor raised to outage after 60 of 120 min counts 60 min of outage", longAgo,
			[]Event{incident(model.ImpactOutage, 0, 120, Change{At: at(60), Kind: ChangeImpact, Previous: model.ImpactMinor, Impact: model.ImpactOutage})},
			afterDay, day, Figure{Measured: 24 * time.Hour, Degraded: minutes(60), Outage: minutes(60)}},
		{"outage lowered to minor after 60 of 120 min counts 60 min of outage", longAgo,
			[]Event{incident(model.ImpactMinor, 0, 120, Change{At: at(60), Kind: ChangeImpact, Previous: model.ImpactOutage, Impact: model.ImpactMinor})},
			afterDay, day, Figure{Measured: 24 * time.Hour, Outage: minutes(60), Degraded: minutes(60)}},
		{"two changes: minor, major, outage", longAgo,
			[]Event{incident(model.ImpactOutage, 0, 90,
				Change{At: at(60), Kind: ChangeImpact, Previous: model.ImpactMajor, Impact: model.ImpactOutage},
				Change{At: at(30), Kind: ChangeImpact, Previous: model.ImpactMinor, Impact: model.ImpactMajor})},
			afterDay, day, Figure{Measured: 24 * time.Hour, Degraded: minutes(30), Partial: minutes(30), Outage: minutes(30)}},
		{"a change before the start sets the impact from the start", longAgo,
			[]Event{incident(model.ImpactMajor, 0, 60, Change{At: at(-10), Kind: ChangeImpact, Previous: model.ImpactMinor, Impact: model.ImpactMajor})},
			afterDay, day, Figure{Measured: 24 * time.Hour, Partial: minutes(60)}},
		{"open incident counts up to now", longAgo,
			[]Event{{Type: model.TypeIncident, Impact: model.ImpactOutage, Start: at(0), Components: []uint{component}}},
			at(90), day, Figure{Measured: 10*time.Hour + minutes(90), Outage: minutes(90)}},
		{"overlapping incidents count the worst impact, not the sum", longAgo,
			[]Event{incident(model.ImpactOutage, 0, 60), incident(model.ImpactMajor, 30, 120)},
			afterDay, day, Figure{Measured: 24 * time.Hour, Outage: minutes(60), Partial: minutes(60)}},
		{"overlapping outages count once", longAgo,
			[]Event{incident(model.ImpactOutage, 0, 60), incident(model.ImpactOutage, 30, 90)},
			afterDay, day, Figure{Measured: 24 * time.Hour, Outage: minutes(90)}},
		{"maintenance is left out of the measured time, incidents in it too", longAgo,
			[]Event{
				{Type: model.TypeMaintenance, Start: at(0), End: ended(60), Components: []uint{component}},
				incident(model.ImpactOutage, 30, 90),
			},
			afterDay, day, Figure{Measured: 23 * time.Hour, Maintenance: minutes(60), Outage: minutes(30)}},
		{"an open maintenance window counts up to now", longAgo,
			[]Event{{Type: model.TypeMaintenance, Start: at(0), End: ended(600), Components: []uint{component}}},
			at(30), day, Figure{Measured: 10 * time.Hour, Maintenance: minutes(30)}},
		{"info notices count nothing", longAgo,
			[]Event{{Type: model.TypeInfo, Start: at(0), End: ended(60), Components: []uint{component}}},
			afterDay, day, Figure{Measured: 24 * time.Hour}},
		{"another component's incident counts nothing", longAgo,
			[]Event{{Type: model.TypeIncident, Impact: model.ImpactOutage, Start: at(0), End: ended(60), Components: []uint{component + 1}}},
			afterDay, day, Figure{Measured: 24 * time.Hour}},
		{"created mid-day: measured from its creation", dayStart.Add(12 * time.Hour),
			[]Event{{Type: model.TypeIncident, Impact: model.ImpactOutage, Start: dayStart.Add(13 * time.Hour), End: ptr(dayStart.Add(14 * time.Hour)), Components: []uint{component}}},
			afterDay, day, Figure{Measured: 12 * time.Hour, Outage: time.Hour}},
		{"created after the period: no data", afterDay, nil, afterDay.Add(time.Hour), day,
			Figure{NoData: true}},
		{"a period to come: no data", longAgo, nil, at(0), Span{Start: afterDay, End: afterDay.Add(24 * time.Hour)},
			Figure{NoData: true}},
		{"an event older than the component's creation counts: it existed", dayStart.Add(20 * time.Hour),
			[]Event{incident(model.ImpactOutage, 0, 60)},
			afterDay, day, Figure{Measured: 14 * time.Hour, Outage: minutes(60)}},
		{"a component that joined after 60 of 120 min counts from its joining", longAgo,
			[]Event{incident(model.ImpactOutage, 0, 120, Change{At: at(60), Kind: ChangeJoined, Component: component})},
			afterDay, day, Figure{Measured: 24 * time.Hour, Outage: minutes(60)}},
		{"a component that left after 30 min counts until it left", longAgo,
			[]Event{{Type: model.TypeIncident, Impact: model.ImpactOutage, Start: at(0), End: ended(120),
				Changes: []Change{{At: at(30), Kind: ChangeLeft, Component: component}}}},
			afterDay, day, Figure{Measured: 24 * time.Hour, Outage: minutes(30)}},
		{"moved up into a major incident: minor then major", longAgo,
			[]Event{
				{Type: model.TypeIncident, Impact: model.ImpactMinor, Start: at(0), End: ended(120), Components: []uint{component + 1},
					Changes: []Change{{At: at(40), Kind: ChangeLeft, Component: component}}},
				incident(model.ImpactMajor, -60, 100, Change{At: at(40), Kind: ChangeJoined, Component: component}),
			},
			afterDay, day, Figure{Measured: 24 * time.Hour, Degraded: minutes(40), Partial: minutes(60)}},
		{"joined, left and joined again", longAgo,
			[]Event{incident(model.ImpactOutage, 0, 120,
				Change{At: at(10), Kind: ChangeJoined, Component: component},
				Change{At: at(20), Kind: ChangeLeft, Component: component},
				Change{At: at(100), Kind: ChangeJoined, Component: component})},
			afterDay, day, Figure{Measured: 24 * time.Hour, Outage: minutes(30)}},
		{"a reopened incident does not count while it was closed", longAgo,
			[]Event{incident(model.ImpactOutage, 0, 120, Change{At: at(90), Kind: ChangeReopened, ClosedAt: at(30)})},
			afterDay, day, Figure{Measured: 24 * time.Hour, Outage: minutes(60)}},
		{"an incident across midnight counts its part of the day", longAgo,
			[]Event{{Type: model.TypeIncident, Impact: model.ImpactMajor, Start: dayStart.Add(-time.Hour), End: ptr(dayStart.Add(2 * time.Hour)), Components: []uint{component}}},
			afterDay, day, Figure{Measured: 24 * time.Hour, Partial: 2 * time.Hour}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			timelines := Timelines(map[uint]time.Time{component: tt.created}, tt.events, tt.now)
			got := timelines[component].Figures([]Span{tt.period})[0]
			tt.want.Period = tt.period
			if got != tt.want {
				t.Errorf("got %+v,\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestFigurePercent(t *testing.T) {
	tests := []struct {
		name   string
		figure Figure
		want   float64
		worst  model.Impact
	}{
		{"up", Figure{Measured: 24 * time.Hour}, 100, model.ImpactMaintenance},
		{"an outage counts fully", Figure{Measured: 24 * time.Hour, Outage: 6 * time.Hour}, 75, model.ImpactOutage},
		{"a partial outage counts 30 %", Figure{Measured: 24 * time.Hour, Partial: 10 * time.Hour}, 87.5, model.ImpactMajor},
		{"degraded performance counts nothing", Figure{Measured: 24 * time.Hour, Degraded: 10 * time.Hour}, 100, model.ImpactMinor},
		{"all of it together", Figure{Measured: 10 * time.Hour, Degraded: time.Hour, Partial: 2 * time.Hour, Outage: time.Hour}, 84, model.ImpactOutage},
		{"nothing measured (all maintenance) is up", Figure{Maintenance: 24 * time.Hour}, 100, model.ImpactMaintenance},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.figure.Percent(); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("Percent() = %v, want %v", got, tt.want)
			}
			if got := tt.figure.Worst(); got != tt.worst {
				t.Errorf("Worst() = %v, want %v", got, tt.worst)
			}
		})
	}
}

// One timeline measured over several periods gives each its own part.
func TestFiguresOverSeveralPeriods(t *testing.T) {
	now := time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)
	events := []Event{
		// 14 hours across the 1 March boundary: 10 in February, 4 in March.
		{Type: model.TypeIncident, Impact: model.ImpactOutage, Start: time.Date(2026, 2, 28, 14, 0, 0, 0, time.UTC),
			End: ptr(time.Date(2026, 3, 1, 4, 0, 0, 0, time.UTC)), Components: []uint{component}},
	}
	created := time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC)
	timeline := Timelines(map[uint]time.Time{component: created}, events, now)[component]
	figures := timeline.Figures(Months(now, 4, time.UTC))
	want := []struct {
		month    time.Month
		noData   bool
		measured time.Duration
		outage   time.Duration
	}{
		{time.March, false, 14*24*time.Hour + 12*time.Hour, 4 * time.Hour},
		{time.February, false, 28 * 24 * time.Hour, 10 * time.Hour},
		{time.January, false, 12 * 24 * time.Hour, 0},
		{time.December, true, 0, 0},
	}
	for i, w := range want {
		got := figures[i]
		if got.Period.Start.Month() != w.month || got.NoData != w.noData || got.Measured != w.measured || got.Outage != w.outage {
			t.Errorf("month %d = %v no data %v, measured %v, outage %v; want %v %v, %v, %v",
				i, got.Period.Start.Month(), got.NoData, got.Measured, got.Outage, w.month, w.noData, w.measured, w.outage)
		}
	}
}

func TestPeriods(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skipf("no time zone data: %v", err)
	}
	now := time.Date(2026, 3, 30, 1, 30, 0, 0, time.UTC) // 03:30 in Berlin, the day after the change to summer time
	months := Months(now, 4, time.UTC)
	if got, want := months[3].Start, time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC); !got.Equal(want) || !months[0].End.Equal(time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("months = %v, want December 2025 last and April 2026 as the first's end", months)
	}
	days := Days(now, 3, berlin)
	if got := days[0].Start; !got.Equal(time.Date(2026, 3, 30, 0, 0, 0, 0, berlin)) {
		t.Errorf("today starts %v, want 30 March in Berlin", got)
	}
	if got := days[1].Duration(); got != 23*time.Hour {
		t.Errorf("29 March 2026 in Berlin lasts %v, want 23h", got)
	}
	if got := days[2].End; !got.Equal(days[1].Start) {
		t.Errorf("days do not follow each other: %v, %v", days[2], days[1])
	}
}

func ptr(t time.Time) *time.Time { return &t }

// BenchmarkTimelines builds the timelines of 100 components from 5,000
// events of the past year, with impact changes and moves, and measures each
// over 12 months and 90 days: what one build of the availability page and
// the uptime bars does past the database.
func BenchmarkTimelines(b *testing.B) {
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	random := rand.New(rand.NewPCG(1, 2))
	created := make(map[uint]time.Time, 100)
	for id := uint(1); id <= 100; id++ {
		created[id] = now.AddDate(-2, 0, 0)
	}
	events := make([]Event, 5000)
	for i := range events {
		start := now.Add(-time.Duration(random.Int64N(int64(365 * 24 * time.Hour))))
		end := start.Add(time.Duration(10+random.IntN(480)) * time.Minute)
		e := Event{Type: model.TypeIncident, Impact: model.Impact(1 + random.IntN(3)), Start: start, End: &end}
		for range 1 + random.IntN(3) {
			e.Components = append(e.Components, uint(1+random.IntN(100)))
		}
		switch i % 5 {
		case 1:
			e.Changes = []Change{{At: start.Add(end.Sub(start) / 2), Kind: ChangeImpact, Previous: model.ImpactMinor, Impact: e.Impact}}
		case 2:
			e.Changes = []Change{{At: start.Add(5 * time.Minute), Kind: ChangeJoined, Component: uint(1 + random.IntN(100))}}
		case 4:
			e.Type, e.Impact = model.TypeMaintenance, model.ImpactMaintenance
		}
		events[i] = e
	}
	months, days := Months(now, 12, time.UTC), Days(now, 90, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		measured := 0
		for _, timeline := range Timelines(created, events, now) {
			measured += len(timeline.Figures(months)) + len(timeline.Figures(days))
		}
		if measured != 100*(12+90) {
			b.Fatalf("measured %d figures, want %d", measured, 100*(12+90))
		}
	}
}

func ExampleTimeline_Figures() {
	now := time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)
	// Degraded for an hour, then a major outage for an hour.
	raised := Event{Type: model.TypeIncident, Impact: model.ImpactOutage, Start: at(0), End: ended(120), Components: []uint{component},
		Changes: []Change{{At: at(60), Kind: ChangeImpact, Previous: model.ImpactMinor, Impact: model.ImpactOutage}}}
	timeline := Timelines(map[uint]time.Time{component: longAgo}, []Event{raised}, now)[component]
	figure := timeline.Figures([]Span{day})[0]
	fmt.Printf("%.3f %% up, %v down\n", figure.Percent(), figure.Downtime())
	// Output: 95.833 % up, 1h0m0s down
}

func TestSum(t *testing.T) {
	day := Span{Start: time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)}
	up := Figure{Period: day, Measured: 24 * time.Hour}
	down := Figure{Period: day, Measured: 24 * time.Hour, Outage: 12 * time.Hour, Partial: time.Hour}
	none := Figure{Period: day, NoData: true}
	tests := []struct {
		name        string
		figures     []Figure
		wantNoData  bool
		wantPercent float64
	}{
		{"nothing", nil, true, 100},
		{"no data only", []Figure{none, none}, true, 100},
		{"no data left out", []Figure{none, down}, false, 100 * (1 - (12*3600+0.3*3600)/86400.0)},
		{"weighed by measured time", []Figure{up, down}, false, 100 * (1 - (12*3600+0.3*3600)/(2*86400.0))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Sum(tt.figures)
			if got.NoData != tt.wantNoData || math.Abs(got.Percent()-tt.wantPercent) > 1e-9 {
				t.Errorf("got NoData %v, %.6f %%; want %v, %.6f %%", got.NoData, got.Percent(), tt.wantNoData, tt.wantPercent)
			}
		})
	}
}
