package decide_test

import (
	"context"
	"testing"
	"time"

	"statusdash/app/monitor/decide"
	"statusdash/app/monitor/probe"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// BenchmarkDecideRounds: one batch of 200 results, one per check (a
// round each, all up), as a worker hands it over; reports the cost per check.
func BenchmarkDecideRounds(b *testing.B) {
	const checks = 200
	for _, backend := range storetest.Backends() {
		b.Run(backend.Name, func(b *testing.B) {
			s := backend.Open(b)
			ctx := context.Background()
			storetest.SeedComponent(b, s)
			base := time.Now().UTC().Truncate(time.Second).Add(-24 * time.Hour)
			var ids []uint
			for range checks {
				check, err := s.CreateCheck(ctx, store.Actor{Subject: "bench"}, store.NewCheck{ComponentID: 1,
					Definition: probe.Definition{Kind: probe.KindTCP, Target: "127.0.0.1:9", Interval: 10 * time.Second}}, base)
				if err != nil {
					b.Fatal(err)
				}
				ids = append(ids, check.ID)
			}
			decider := decide.New(decide.Deps{Store: s})
			b.ResetTimer()
			for n := 0; n < b.N; n++ {
				b.StopTimer()
				slot := base.Add(time.Duration(n) * 10 * time.Second)
				results := make([]store.CheckResult, len(ids))
				for i, id := range ids {
					results[i] = store.CheckResult{CheckID: id, Location: "local", SlotAt: slot, StartedAt: slot, Outcome: probe.OutcomeUp}
				}
				if err := s.AddCheckResults(ctx, results); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if err := decider.DecideRounds(ctx, results, slot.Add(time.Second)); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*checks), "µs/check")
		})
	}
}
