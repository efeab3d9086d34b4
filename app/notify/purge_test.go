package notify

import (
	"context"
	"testing"
	"time"

	"statusdash/app/store"
)

// TestPurgeForgetsExpiredUnconfirmedSubscriptions starts the workers and
// waits for the periodic purge's first run: the subscription whose
// confirmation link has expired goes, a fresh pending one and a confirmed
// old one stay.
func TestPurgeForgetsExpiredUnconfirmedSubscriptions(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, url string, s *store.Storage) {
		ctx := context.Background()
		now := time.Now()
		scope := store.SubscriberScope{WholePage: true, News: store.NewsBoth}
		create := func(address string, at time.Time) *store.Subscriber {
			sub, err := s.CreatePendingSubscriber(ctx, store.NewSubscriber{Kind: store.SubscriberEmail,
				Address: address, Scope: scope}, at)
			if err != nil {
				t.Fatalf("subscribe %s: %v", address, err)
			}
			return sub
		}
		create("expired@example.org", now.Add(-72*time.Hour))
		fresh := create("fresh@example.org", now.Add(-time.Hour))
		old := create("confirmed@example.org", now.Add(-72*time.Hour))
		if _, err := s.ConfirmSubscriber(ctx, old.ID, old.Nonce, now.Add(-71*time.Hour)); err != nil {
			t.Fatal(err)
		}

		startNotifier(t, newNotifier(t, url, s, RecipientList{}, newCountingSender(0), testConfig()))
		deadline := time.Now().Add(30 * time.Second)
		for {
			_, total, err := s.ListSubscribers(ctx, store.SubscriberFilter{Address: "expired@"})
			if err != nil {
				t.Fatal(err)
			}
			if total == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the expired pending subscription is still there after 30 s")
			}
			time.Sleep(50 * time.Millisecond)
		}
		for _, kept := range []*store.Subscriber{fresh, old} {
			if _, err := s.SubscriberByID(ctx, kept.ID); err != nil {
				t.Errorf("%s was purged too: %v", kept.Address, err)
			}
		}
	})
}
