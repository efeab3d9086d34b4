package store_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"statusdash/app/monitor/latency"
	"statusdash/app/monitor/probe"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// rollupBase is an hour the roll-up tests write results after: late in a
// UTC day, so that their hours span two days.
var rollupBase = time.Date(2026, 3, 9, 21, 0, 0, 0, time.UTC)

// seedCheckResults writes a result per interval and location for each
// check over the hours after start: mostly up, some degraded, some down
// (with the timeout as latency), latencies from 0.2 ms to 12 s in whole
// microseconds. It answers what it wrote.
func seedCheckResults(t *testing.T, s *store.Storage, checks []uint, start time.Time, hours int, interval time.Duration, locations []string, seed uint64) []store.CheckResult {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	var results []store.CheckResult
	for _, check := range checks {
		for at := start; at.Before(start.Add(time.Duration(hours) * time.Hour)); at = at.Add(interval) {
			for _, location := range locations {
				r := store.CheckResult{CheckID: check, Location: location, SlotAt: at, StartedAt: at.Add(time.Duration(rng.IntN(2000)) * time.Millisecond),
					Outcome: probe.OutcomeUp, Latency: time.Duration(200*math.Pow(60_000, rng.Float64())) * time.Microsecond}
				switch n := rng.IntN(20); {
				case n < 2:
					r.Outcome, r.Latency, r.Reason = probe.OutcomeDown, 10*time.Second, "timeout after 10s"
				case n < 4:
					r.Outcome, r.Reason = probe.OutcomeDegraded, "slower than 500ms"
				}
				results = append(results, r)
			}
		}
	}
	if err := s.AddCheckResults(context.Background(), results); err != nil {
		t.Fatal(err)
	}
	return results
}

// expectedRollup is what a roll-up of the results must hold, and the true
// percentiles its estimates must share a bucket with.
type expectedRollup struct {
	rollup   store.CheckRollup
	p50, p95 time.Duration
}

// expectRollups sums the results per period, as the roll-ups must.
func expectRollups(results []store.CheckResult, period time.Duration) map[time.Time]expectedRollup {
	grouped := map[time.Time][]store.CheckResult{}
	for _, r := range results {
		start := r.StartedAt.Truncate(period)
		grouped[start] = append(grouped[start], r)
	}
	want := map[time.Time]expectedRollup{}
	for start, group := range grouped {
		rollup := store.CheckRollup{Start: start}
		var answered []time.Duration
		var sum time.Duration
		for _, r := range group {
			rollup.Runs++
			switch r.Outcome {
			case probe.OutcomeDown:
				rollup.Failures++
				continue
			case probe.OutcomeDegraded:
				rollup.Degraded++
			}
			answered = append(answered, r.Latency)
			sum += r.Latency
			rollup.Histogram.Add(r.Latency)
		}
		e := expectedRollup{rollup: rollup}
		if len(answered) > 0 {
			slices.Sort(answered)
			e.rollup.LatencyMin, e.rollup.LatencyMax = answered[0], answered[len(answered)-1]
			e.rollup.LatencyMean = sum / time.Duration(len(answered)) / time.Microsecond * time.Microsecond
			rank := func(q float64) time.Duration { return answered[int(math.Ceil(q*float64(len(answered))-1e-9))-1] }
			e.p50, e.p95 = rank(0.5), rank(0.95)
		}
		want[start] = e
	}
	return want
}

// checkSeries compares a series of roll-ups with what the results make.
func checkSeries(t *testing.T, name string, got []store.CheckRollup, want map[time.Time]expectedRollup) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: got %d periods, want %d", name, len(got), len(want))
	}
	for i, g := range got {
		if i > 0 && !got[i-1].Start.Before(g.Start) {
			t.Errorf("%s: period %v follows %v", name, g.Start, got[i-1].Start)
		}
		w, ok := want[g.Start]
		if !ok {
			t.Errorf("%s: got a period at %v, want none", name, g.Start)
			continue
		}
		exact := g
		exact.LatencyP50, exact.LatencyP95 = 0, 0
		if !reflect.DeepEqual(exact, w.rollup) {
			t.Errorf("%s at %v:\n got %+v\nwant %+v", name, g.Start, exact, w.rollup)
		}
		for _, p := range []struct {
			name      string
			got, true time.Duration
		}{{"p50", g.LatencyP50, w.p50}, {"p95", g.LatencyP95, w.p95}} {
			if latency.BucketOf(p.got) != latency.BucketOf(p.true) || p.got < g.LatencyMin || p.got > g.LatencyMax {
				t.Errorf("%s at %v: %s = %v, want in the bucket of the true %v", name, g.Start, p.name, p.got, p.true)
			}
		}
	}
}

// The roll-ups of hours and days hold what the raw results say, per check
// and per component, and running them again changes nothing.
func TestCheckRollupsMatchResults(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		var checks []uint
		for _, component := range []uint{f.components[0].ID, f.components[0].ID, f.components[1].ID} {
			check, err := s.CreateCheck(f.ctx, f.actor, store.NewCheck{ComponentID: component, Definition: httpDefinition()}, f.now)
			if err != nil {
				t.Fatal(err)
			}
			checks = append(checks, check.ID)
		}
		locations := []string{"local", "fra", "ams"}
		perCheck := map[uint][]store.CheckResult{}
		for i, check := range checks {
			perCheck[check] = seedCheckResults(t, s, []uint{check}, rollupBase, 5, 30*time.Second, locations[:1+i%3], uint64(i))
		}
		now := rollupBase.Add(5*time.Hour + 2*time.Minute)
		version, err := s.DataVersion(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		pass, err := s.RunCheckRetention(f.ctx, "first", store.RetentionPolicy{}, now)
		if err != nil {
			t.Fatal(err)
		}
		// Pages may chart the roll-ups: new ones bump the data version.
		if after, err := s.DataVersion(f.ctx); err != nil || after == version {
			t.Errorf("data version %d (%v) after roll-ups, want it bumped from %d", after, err, version)
		}
		if !pass.Claimed || pass.HoursRolledUp != 5 || !pass.RolledUpUntil.Equal(rollupBase.Add(5*time.Hour)) || pass.More || pass.RawDeleted != 0 {
			t.Errorf("pass = %+v, want 5 hours rolled up until %v, nothing deleted, no more", pass, rollupBase.Add(5*time.Hour))
		}
		from, to := rollupBase.Add(-24*time.Hour), now.Add(24*time.Hour)
		read := func(name string) {
			t.Helper()
			for _, check := range checks {
				for period, length := range map[store.RollupPeriod]time.Duration{store.Hourly: time.Hour, store.Daily: 24 * time.Hour} {
					got, err := s.CheckRollups(f.ctx, check, period, from, to)
					if err != nil {
						t.Fatal(err)
					}
					checkSeries(t, name+" "+string(period)+"s of a check", got, expectRollups(perCheck[check], length))
				}
			}
			got, err := s.ComponentCheckRollups(f.ctx, f.components[0].ID, store.Hourly, from, to)
			if err != nil {
				t.Fatal(err)
			}
			checkSeries(t, name+" hours of a component", got, expectRollups(append(slices.Clone(perCheck[checks[0]]), perCheck[checks[1]]...), time.Hour))
		}
		read("first run")
		hourly, daily := countTable(t, s, "check_rollups_hourly"), countTable(t, s, "check_rollups_daily")
		if hourly != 15 || daily != 6 {
			t.Errorf("got %d hourly and %d daily rows, want 15 and 6", hourly, daily)
		}

		if again, err := s.RunCheckRetention(f.ctx, "second", store.RetentionPolicy{}, now); err != nil || again.HoursRolledUp != 0 || !again.Claimed {
			t.Errorf("a second pass at the same time: %+v, %v; want it claimed, nothing rolled up", again, err)
		}
		for _, check := range checks {
			if err := store.RollUpCheckForTest(f.ctx, s, check, rollupBase, rollupBase.Add(5*time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		read("recomputed")
		if h, d := countTable(t, s, "check_rollups_hourly"), countTable(t, s, "check_rollups_daily"); h != hourly || d != daily {
			t.Errorf("recomputing left %d hourly and %d daily rows, want %d and %d", h, d, hourly, daily)
		}

		// A result written late, within the two hours recomputed, counts.
		late := store.CheckResult{CheckID: checks[0], Location: "local", StartedAt: rollupBase.Add(4*time.Hour + 30*time.Minute),
			Outcome: probe.OutcomeDown, Latency: time.Second, Reason: "connection refused"}
		if err := s.AddCheckResults(f.ctx, []store.CheckResult{late}); err != nil {
			t.Fatal(err)
		}
		perCheck[checks[0]] = append(perCheck[checks[0]], late)
		if next, err := s.RunCheckRetention(f.ctx, "first", store.RetentionPolicy{}, now.Add(time.Hour)); err != nil || next.HoursRolledUp != 1 {
			t.Fatalf("the next hour's pass: %+v, %v; want 1 hour rolled up", next, err)
		}
		read("with a late result")

		if _, err := s.CheckRollups(f.ctx, 999, store.Hourly, from, to); !errorsIsNotFound(err) {
			t.Errorf("roll-ups of an unknown check: %v, want ErrNotFound", err)
		}
		if err := s.DeleteCheck(f.ctx, f.actor, checks[2], f.now); err != nil {
			t.Fatal(err)
		}
		if h := countTable(t, s, "check_rollups_hourly"); h != 10 {
			t.Errorf("got %d hourly rows after deleting a check, want its 5 gone, 10 left", h)
		}
	})
}

func errorsIsNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

// Each statement of a retention pass reads one check's range of an index,
// not the other checks' rows: the results' (check_id, started_at) index,
// the roll-ups' primary keys.
func TestCheckRetentionUsesIndexes(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		var checks []uint
		for range 20 {
			check, err := s.CreateCheck(f.ctx, f.actor, store.NewCheck{ComponentID: f.components[0].ID, Definition: httpDefinition()}, f.now)
			if err != nil {
				t.Fatal(err)
			}
			checks = append(checks, check.ID)
		}
		seedCheckResults(t, s, checks, rollupBase, 4, time.Minute, []string{"local", "fra"}, 3)
		now := rollupBase.Add(4*time.Hour + 2*time.Minute)
		if _, err := s.RunCheckRetention(f.ctx, "plans", store.RetentionPolicy{}, now); err != nil {
			t.Fatal(err)
		}
		plans, err := store.ExplainRetentionForTest(f.ctx, s, checks[3], now)
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range []string{"check_results_check_started_idx", "check_rollups_hourly",
			"check_results_check_started_idx", "check_results_check_started_idx", "check_rollups_hourly", "check_rollups_hourly"} {
			t.Logf("plan %d:\n%s", i, plans[i])
			if !strings.Contains(plans[i], want) {
				t.Errorf("statement %d does not read %s:\n%s", i, want, plans[i])
			}
			if strings.Contains(plans[i], "Seq Scan on check_results") || strings.Contains(plans[i], "SCAN check_results ") {
				t.Errorf("statement %d scans every result:\n%s", i, plans[i])
			}
		}
	})
}
