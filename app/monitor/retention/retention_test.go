package retention_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"statusdash/app/monitor/probe"
	"statusdash/app/monitor/retention"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// Started, the job rolls up the hours already over, in the background,
// and stop ends it.
func TestStartRollsUp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		ctx := context.Background()
		storetest.SeedComponent(t, s)
		check, err := s.CreateCheck(ctx, store.BootstrapActor, store.NewCheck{ComponentID: 1,
			Definition: probe.Definition{Kind: probe.KindTCP, Target: "db.example.org:5432", Interval: time.Minute}}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		hourAgo := time.Now().Add(-time.Hour).Truncate(time.Hour)
		if err := s.AddCheckResults(ctx, []store.CheckResult{
			{CheckID: check.ID, Location: "local", StartedAt: hourAgo.Add(-time.Hour), Outcome: probe.OutcomeUp, Latency: time.Millisecond},
			{CheckID: check.ID, Location: "local", StartedAt: hourAgo.Add(-time.Hour + time.Minute), Outcome: probe.OutcomeDown},
		}); err != nil {
			t.Fatal(err)
		}
		stop := retention.Start(ctx, s, slog.New(slog.NewTextHandler(io.Discard, nil)), store.RetentionPolicy{}, time.Hour)
		defer stop()
		var rollups []store.CheckRollup
		for deadline := time.Now().Add(10 * time.Second); len(rollups) == 0 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			if rollups, err = s.CheckRollups(ctx, check.ID, store.Hourly, hourAgo.Add(-2*time.Hour), time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		if len(rollups) != 1 || rollups[0].Runs != 2 || rollups[0].Failures != 1 {
			t.Errorf("got roll-ups %+v, want one hour of 2 runs and 1 failure", rollups)
		}
		stop()
		stop()
	})
}
