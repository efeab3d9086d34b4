package worker_test

import (
	"context"
	"testing"
	"time"

	"statusdash/app/monitor/probe"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// A check deleted while it runs loses its result; the results written
// with it in one batch are kept.
func TestCheckDeletedWhileItRuns(t *testing.T) {
	for name, url := range databaseURLs(t) {
		t.Run(name, func(t *testing.T) {
			s := storetest.OpenWith(t, url, store.DefaultTimeouts())
			storetest.SeedComponent(t, s)
			tg := newTarget(t, 0)
			release := tg.hold()
			t.Cleanup(release)
			ctx := context.Background()
			var ids []uint
			for range 2 {
				check, err := s.CreateCheck(ctx, store.Actor{Subject: "test"}, store.NewCheck{ComponentID: 1,
					Definition: probe.Definition{Kind: probe.KindHTTP, Target: tg.url, Interval: probe.MinInterval}}, time.Now())
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, check.ID)
			}
			stop := startWorker(t, url, "local", newFastClock(testSpeed), nil)
			waitFor(t, 30*time.Second, "both checks in flight", func() bool { return tg.inFlight.Load() == 2 })
			if err := s.DeleteCheck(ctx, store.Actor{Subject: "test"}, ids[0], time.Now()); err != nil {
				t.Fatal(err)
			}
			release()
			waitFor(t, 30*time.Second, "the remaining check's result", func() bool {
				results, err := s.CheckResults(ctx, ids[1], time.Time{}, 1)
				return err == nil && len(results) > 0
			})
			stop()
		})
	}
}
