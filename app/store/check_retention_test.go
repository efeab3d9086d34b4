package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"statusdash/app/monitor/probe"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// runRetention runs passes until one says no work remains, and sums them.
func runRetention(t *testing.T, s *store.Storage, owner string, policy store.RetentionPolicy, now time.Time) store.RetentionPass {
	t.Helper()
	var total store.RetentionPass
	for range 100 {
		pass, err := s.RunCheckRetention(context.Background(), owner, policy, now)
		if err != nil {
			t.Fatal(err)
		}
		if !pass.Claimed {
			t.Fatalf("pass of %s not claimed", owner)
		}
		total.HoursRolledUp += pass.HoursRolledUp
		total.RawDeleted += pass.RawDeleted
		total.HourlyDeleted += pass.HourlyDeleted
		total.DailyDeleted += pass.DailyDeleted
		total.RolledUpUntil = pass.RolledUpUntil
		if !pass.More {
			return total
		}
	}
	t.Fatal("retention still has work after 100 passes")
	return total
}

// insertRollups writes roll-up rows of the check with the keys (hour or
// day numbers) straight into the table.
func insertRollups(t *testing.T, s *store.Storage, table, key string, check uint, numbers []int64) {
	t.Helper()
	db := store.GormForTest(s)
	for _, n := range numbers {
		if err := db.Exec("INSERT INTO "+table+" (check_id, "+key+", runs, failures, degraded, latency_sum_us, latency_min_us, latency_max_us, le_50ms) "+
			"VALUES (?, ?, 1, 0, 0, 40000, 40000, 40000, 1)", check, n).Error; err != nil {
			t.Fatalf("insert into %s: %v", table, err)
		}
	}
}

// queryCount answers the query's one number.
func queryCount(t *testing.T, s *store.Storage, query string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := store.GormForTest(s).Raw(query, args...).Scan(&n).Error; err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// Raw results older than the raw retention, hours that ended more than 90
// days ago and days that ended more than 730 days ago go; those just inside
// their limits stay. Deletes run in chunks: more rows go than one chunk holds.
func TestCheckRetentionDeletesExpiredRows(t *testing.T) {
	t.Parallel()
	const chunk = 100
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		var checks []uint
		for range 2 {
			check, err := s.CreateCheck(f.ctx, f.actor, store.NewCheck{ComponentID: f.components[0].ID, Definition: httpDefinition()}, f.now)
			if err != nil {
				t.Fatal(err)
			}
			checks = append(checks, check.ID)
		}
		now := time.Date(2026, 6, 15, 10, 30, 0, 0, time.UTC)
		policy := store.RetentionPolicy{ChunkRows: chunk}
		rawCutoff := now.Add(-store.DefaultRawRetention)

		var expired, kept []store.CheckResult
		for i := range 2*chunk + 50 { // in the last minute before the cutoff
			expired = append(expired, store.CheckResult{CheckID: checks[i%2], Location: "local",
				StartedAt: rawCutoff.Add(-time.Minute + time.Duration(i)*time.Millisecond), Outcome: probe.OutcomeUp, Latency: time.Millisecond})
		}
		for _, at := range []time.Time{rawCutoff.Add(time.Second), rawCutoff.Add(24 * time.Hour), now.Add(-time.Hour)} {
			for _, check := range checks {
				kept = append(kept, store.CheckResult{CheckID: check, Location: "local", StartedAt: at, Outcome: probe.OutcomeUp, Latency: time.Millisecond})
			}
		}
		if err := s.AddCheckResults(f.ctx, append(expired, kept...)); err != nil {
			t.Fatal(err)
		}

		// Hours: the one holding the cutoff ended after it and stays, the
		// one before goes, with a backlog of more than a chunk behind it.
		hourlyCutoff := now.Add(-store.DefaultHourlyRetention).Unix() / 3600
		var oldHours []int64
		for n := hourlyCutoff - chunk - 20; n < hourlyCutoff; n++ {
			oldHours = append(oldHours, n)
		}
		insertRollups(t, s, "check_rollups_hourly", "hour", checks[0], append(oldHours, hourlyCutoff, hourlyCutoff+1))
		dailyCutoff := now.Add(-store.DefaultDailyRetention).Unix() / 86400
		insertRollups(t, s, "check_rollups_daily", "day", checks[1], []int64{dailyCutoff - 400, dailyCutoff - 1, dailyCutoff, dailyCutoff + 1})

		total := runRetention(t, s, "janitor", policy, now)
		if total.RawDeleted != int64(len(expired)) || total.HourlyDeleted != int64(len(oldHours)) || total.DailyDeleted != 2 {
			t.Errorf("deleted %d raw, %d hourly, %d daily rows; want %d, %d, 2", total.RawDeleted, total.HourlyDeleted, total.DailyDeleted, len(expired), len(oldHours))
		}
		if n := queryCount(t, s, "SELECT COUNT(*) FROM check_results WHERE started_at < ?", rawCutoff); n != 0 {
			t.Errorf("%d results older than the retention left, want 0", n)
		}
		if n := queryCount(t, s, "SELECT COUNT(*) FROM check_results"); n != int64(len(kept)) {
			t.Errorf("%d results left, want the %d inside the retention", n, len(kept))
		}
		if got := queryCount(t, s, "SELECT MIN(hour) FROM check_rollups_hourly WHERE check_id = ?", checks[0]); got != hourlyCutoff {
			t.Errorf("oldest hour left %d, want %d (the one ending just inside 90 days)", got, hourlyCutoff)
		}
		if got := queryCount(t, s, "SELECT MIN(day) FROM check_rollups_daily WHERE check_id = ?", checks[1]); got != dailyCutoff {
			t.Errorf("oldest day left %d, want %d (the one ending just inside 730 days)", got, dailyCutoff)
		}
		// The results kept were rolled up first, the expired ones too.
		if n := queryCount(t, s, "SELECT COALESCE(SUM(runs), 0) FROM check_rollups_hourly WHERE hour >= ?", rawCutoff.Unix()/3600-1); n != int64(len(expired)+len(kept)) {
			t.Errorf("the roll-ups count %d runs since the cutoff's hour, want %d: results deleted before their roll-up", n, len(expired)+len(kept))
		}
		if again := runRetention(t, s, "janitor", policy, now); again.RawDeleted+again.HourlyDeleted+again.DailyDeleted != 0 {
			t.Errorf("a second run deleted %+v, want nothing", again)
		}
	})
}

// A claimed lease keeps every other owner out until it ends or its holder
// gives it up; a pass that cannot claim the job does nothing.
func TestCheckRetentionLease(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		check, err := s.CreateCheck(f.ctx, f.actor, store.NewCheck{ComponentID: f.components[0].ID, Definition: httpDefinition()}, f.now)
		if err != nil {
			t.Fatal(err)
		}
		seedCheckResults(t, s, []uint{check.ID}, rollupBase, 2, time.Minute, []string{"local"}, 7)
		now := rollupBase.Add(3 * time.Hour)
		lease := time.Minute
		steps := []struct {
			name  string
			owner string
			at    time.Time
			want  bool
		}{
			{"first claim", "a", now, true},
			{"another owner while held", "b", now.Add(30 * time.Second), false},
			{"holder renews", "a", now.Add(50 * time.Second), true},
			{"another owner before the renewed end", "b", now.Add(time.Minute + 49*time.Second), false},
			{"another owner once it ended", "b", now.Add(time.Minute + 50*time.Second), true},
			{"the first owner while the other holds it", "a", now.Add(2 * time.Minute), false},
		}
		for _, step := range steps {
			got, err := s.ClaimJob(f.ctx, store.JobCheckRetention, step.owner, step.at, lease)
			if err != nil || got != step.want {
				t.Fatalf("%s: claimed %v (%v), want %v", step.name, got, err, step.want)
			}
		}
		// Simultaneous first claims of a job: exactly one wins.
		later := now.Add(time.Hour)
		wins := make(chan bool, 8)
		for i := range cap(wins) {
			go func() {
				won, err := s.ClaimJob(f.ctx, "race", fmt.Sprintf("claimer-%d", i), later, lease)
				if err != nil {
					t.Error(err)
				}
				wins <- won
			}()
		}
		winners := 0
		for range cap(wins) {
			if <-wins {
				winners++
			}
		}
		if winners != 1 {
			t.Errorf("%d of %d simultaneous claims won, want 1", winners, cap(wins))
		}

		pass, err := s.RunCheckRetention(f.ctx, "a", store.RetentionPolicy{}, now.Add(2*time.Minute))
		if err != nil || pass.Claimed || pass.HoursRolledUp != 0 {
			t.Errorf("pass while another holds the job: %+v, %v; want not claimed, nothing done", pass, err)
		}
		if n := countTable(t, s, "check_rollups_hourly"); n != 0 {
			t.Errorf("got %d hourly rows from a pass without the lease, want 0", n)
		}
		if err := s.ReleaseJob(f.ctx, store.JobCheckRetention, "b"); err != nil {
			t.Fatal(err)
		}
		pass, err = s.RunCheckRetention(f.ctx, "a", store.RetentionPolicy{}, now.Add(2*time.Minute))
		if err != nil || !pass.Claimed || pass.HoursRolledUp != 3 {
			t.Errorf("pass once released: %+v, %v; want claimed, 3 hours rolled up", pass, err)
		}
	})
}
