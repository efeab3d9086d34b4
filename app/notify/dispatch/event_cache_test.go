package dispatch

import (
	"context"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/notify"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// TestEventCacheServesCopiesThatHoldTheUpdate reads an event through the
// cache, posts an update, and reads again: a delivery naming no update, or
// one the copy holds, gets the copy; one naming the new update gets a fresh
// read that holds it; after the cache's life every read is fresh.
func TestEventCacheServesCopiesThatHoldTheUpdate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		ctx := context.Background()
		storetest.SeedComponent(t, s)
		actor := store.Actor{Subject: "operator"}
		start := time.Now().Add(-time.Hour)
		event, err := s.CreateEvent(ctx, actor, store.NewEvent{Type: model.TypeIncident, Title: "Slow volume attachment",
			Impact: model.ImpactMinor, ComponentIDs: []uint{1}, StartAt: start}, start)
		if err != nil {
			t.Fatal(err)
		}
		first := event.Updates[len(event.Updates)-1].ID

		var cache eventCache
		now := time.Now()
		read := func(update uint, at time.Time) *model.Event {
			t.Helper()
			got, err := cache.read(ctx, s, notify.EventArgs{EventID: event.ID, UpdateID: update}, at)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		copied := read(first, now)
		updated, err := s.AddUpdate(ctx, actor, event.ID, store.NewUpdate{Status: model.StatusAnalysing,
			Message: "Found it", At: now}, now)
		if err != nil {
			t.Fatal(err)
		}
		second := updated.Updates[len(updated.Updates)-1].ID

		cases := []struct {
			name      string
			update    uint
			at        time.Time
			wantCopy  bool
			wantCount int
		}{
			{"the copy holds the update named", first, now.Add(time.Second), true, len(copied.Updates)},
			{"no update named", 0, now.Add(time.Second), true, len(copied.Updates)},
			{"the new update is read afresh", second, now.Add(2 * time.Second), false, len(updated.Updates)},
			{"after the cache's life", 0, now.Add(2*time.Second + eventCacheLife), false, len(updated.Updates)},
		}
		for _, tc := range cases {
			got := read(tc.update, tc.at)
			if (got == copied) != tc.wantCopy || len(got.Updates) != tc.wantCount {
				t.Errorf("%s: copy %v with %d updates; want copy %v with %d", tc.name, got == copied,
					len(got.Updates), tc.wantCopy, tc.wantCount)
			}
		}
	})
}
