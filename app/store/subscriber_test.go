package store_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// subscribe creates a subscriber and confirms it unless pending is set.
func subscribe(t *testing.T, f *eventFixture, address string, scope store.SubscriberScope, pending bool) *store.Subscriber {
	t.Helper()
	sub, err := f.s.CreatePendingSubscriber(f.ctx, store.NewSubscriber{Kind: store.SubscriberEmail, Address: address, Scope: scope}, f.now)
	if err != nil {
		t.Fatalf("subscribe %s: %v", address, err)
	}
	if !pending {
		if sub, err = f.s.ConfirmSubscriber(f.ctx, sub.ID, sub.Nonce, f.now); err != nil {
			t.Fatalf("confirm %s: %v", address, err)
		}
	}
	return sub
}

// TestMatchingSubscribers: who hears about an incident on ECS EU-DE and a
// maintenance of RDS EU-NL, by scope and news kind.
func TestMatchingSubscribers(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		both, incidents, maintenance := store.NewsBoth, store.NewsIncidents, store.NewsMaintenance
		subscribers := []struct {
			address string
			scope   store.SubscriberScope
			pending bool
		}{
			{"page@example.org", store.SubscriberScope{WholePage: true, News: both}, false},
			{"pending@example.org", store.SubscriberScope{WholePage: true, News: both}, true},
			{"region-de@example.org", store.SubscriberScope{RegionIDs: []uint{1}, News: both}, false},
			{"region-nl@example.org", store.SubscriberScope{RegionIDs: []uint{2}, News: both}, false},
			{"compute@example.org", store.SubscriberScope{CategoryIDs: []uint{1}, News: both}, false},
			{"database@example.org", store.SubscriberScope{CategoryIDs: []uint{2}, News: both}, false},
			{"ecs@example.org", store.SubscriberScope{ServiceIDs: []uint{1}, News: both}, false},
			{"rds-or-nl@example.org", store.SubscriberScope{ServiceIDs: []uint{2}, RegionIDs: []uint{2}, News: both}, false},
			{"incidents@example.org", store.SubscriberScope{WholePage: true, News: incidents}, false},
			{"maintenance@example.org", store.SubscriberScope{WholePage: true, News: maintenance}, false},
		}
		for _, sub := range subscribers {
			subscribe(t, f, sub.address, sub.scope, sub.pending)
		}
		outage := f.incident(t, "ECS down", model.ImpactOutage, f.components[0].ID)
		end := f.now.Add(48 * time.Hour)
		work, err := s.CreateEvent(f.ctx, f.actor, store.NewEvent{Type: model.TypeMaintenance, Title: "RDS work",
			ComponentIDs: []uint{f.components[3].ID}, StartAt: f.now.Add(24 * time.Hour), EndAt: &end}, f.now)
		if err != nil {
			t.Fatalf("maintenance: %v", err)
		}
		cases := []struct {
			name  string
			event uint
			want  []string
		}{
			{"incident on ECS EU-DE", outage.ID, []string{"page@example.org", "region-de@example.org", "compute@example.org",
				"ecs@example.org", "incidents@example.org"}},
			{"maintenance on RDS EU-NL", work.ID, []string{"page@example.org", "region-nl@example.org", "database@example.org",
				"rds-or-nl@example.org", "maintenance@example.org"}},
		}
		for _, tc := range cases {
			recipients, err := s.MatchingSubscribers(f.ctx, tc.event)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			var got []string
			for _, r := range recipients {
				if r.Kind != store.SubscriberEmail || r.Nonce == "" || r.ID == 0 {
					t.Errorf("%s: recipient %+v lacks kind, nonce or id", tc.name, r)
				}
				got = append(got, r.Address)
			}
			slices.Sort(got)
			slices.Sort(tc.want)
			if !slices.Equal(got, tc.want) {
				t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
			}
		}
		if _, err := s.MatchingSubscribers(f.ctx, 9999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown event: got %v, want ErrNotFound", err)
		}
	})
}

// TestSubscriberLifecycle: a second form for the same address answers the
// same subscriber, a confirmed scope is kept against strangers, scope
// changes and unsubscribing need the nonce, and bad ids write nothing.
func TestSubscriberLifecycle(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		page := store.SubscriberScope{WholePage: true, News: store.NewsBoth}
		first := subscribe(t, f, "Reader@Example.org", page, true)
		again := subscribe(t, f, " reader@example.org ", store.SubscriberScope{RegionIDs: []uint{1}, News: store.NewsIncidents}, true)
		if again.ID != first.ID || again.Address != "reader@example.org" || again.WholePage {
			t.Fatalf("second form: got %+v, want subscriber %d with the new scope", again, first.ID)
		}
		if _, err := s.ConfirmSubscriber(f.ctx, first.ID, "wrong", f.now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("confirm with a stale nonce: got %v, want ErrNotFound", err)
		}
		if _, err := s.ConfirmSubscriber(f.ctx, first.ID, first.Nonce, f.now); err != nil {
			t.Fatal(err)
		}
		subscribe(t, f, "reader@example.org", page, true)
		_, scope, err := s.SubscriberWithScope(f.ctx, first.ID, first.Nonce)
		if err != nil || scope.WholePage || !slices.Equal(scope.RegionIDs, []uint{1}) {
			t.Errorf("confirmed scope after a stranger's form: %+v, %v; want region 1 kept", scope, err)
		}
		change := store.SubscriberScope{ServiceIDs: []uint{2}, CategoryIDs: []uint{1}, News: store.NewsMaintenance}
		if err := s.ChangeSubscriberScope(f.ctx, first.ID, first.Nonce, change); err != nil {
			t.Fatal(err)
		}
		if _, scope, _ = s.SubscriberWithScope(f.ctx, first.ID, first.Nonce); !slices.Equal(scope.ServiceIDs, []uint{2}) ||
			!slices.Equal(scope.CategoryIDs, []uint{1}) || scope.News != store.NewsMaintenance {
			t.Errorf("changed scope = %+v", scope)
		}
		err = s.ChangeSubscriberScope(f.ctx, first.ID, first.Nonce, store.SubscriberScope{RegionIDs: []uint{77}, News: store.NewsBoth})
		if v, ok := store.AsValidation(err); !ok || v.Fields["regions"] == "" {
			t.Errorf("unknown region: got %v, want a field error on regions", err)
		}
		if _, scope, _ = s.SubscriberWithScope(f.ctx, first.ID, first.Nonce); !slices.Equal(scope.ServiceIDs, []uint{2}) {
			t.Errorf("refused change wrote: %+v", scope)
		}
		_, err = s.CreatePendingSubscriber(f.ctx, store.NewSubscriber{Kind: store.SubscriberEmail, Address: "new@example.org",
			Scope: store.SubscriberScope{ServiceIDs: []uint{99}, News: store.NewsBoth}}, f.now)
		if v, ok := store.AsValidation(err); !ok || v.Fields["services"] == "" {
			t.Errorf("unknown service: got %v, want a field error on services", err)
		}
		if _, total, _ := s.ListSubscribers(f.ctx, store.SubscriberFilter{Address: "new@"}); total != 0 {
			t.Errorf("refused subscription wrote %d rows", total)
		}
		subscribe(t, f, "never@example.org", store.SubscriberScope{WholePage: true, News: store.NewsBoth}, true)
		if removed, err := s.PurgePendingSubscribers(f.ctx, f.now.Add(-time.Minute)); err != nil || removed != 0 {
			t.Errorf("purge before their creation: %d, %v; want 0", removed, err)
		}
		if removed, err := s.PurgePendingSubscribers(f.ctx, f.now.Add(time.Minute)); err != nil || removed != 1 {
			t.Errorf("purge after: %d, %v; want the one pending subscriber", removed, err)
		}
		if err := s.Unsubscribe(f.ctx, first.ID, first.Nonce); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.SubscriberWithScope(f.ctx, first.ID, first.Nonce); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("after unsubscribe: got %v, want ErrNotFound", err)
		}
	})
}

// TestSubscriberAdmin: webhooks created and subscribers removed by an
// admin are audited; counts per scope and the search see them.
func TestSubscriberAdmin(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		subscribe(t, f, "one@example.org", store.SubscriberScope{WholePage: true, News: store.NewsBoth}, false)
		two := subscribe(t, f, "two@example.org", store.SubscriberScope{RegionIDs: []uint{1}, ServiceIDs: []uint{2}, News: store.NewsBoth}, false)
		subscribe(t, f, "three@example.org", store.SubscriberScope{RegionIDs: []uint{1}, News: store.NewsBoth}, true)
		hook, err := s.CreateWebhook(f.ctx, f.actor, "https://hooks.example.org/x", store.ChatSlack,
			store.SubscriberScope{WholePage: true, News: store.NewsBoth}, f.now)
		if err != nil || !hook.Confirmed() || hook.Secret == "" {
			t.Fatalf("webhook = %+v, %v; want confirmed with a secret", hook, err)
		}
		if _, err := s.CreateWebhook(f.ctx, f.actor, "https://hooks.example.org/x", store.ChatSlack,
			store.SubscriberScope{WholePage: true, News: store.NewsBoth}, f.now); !errors.Is(err, store.ErrConflict) {
			t.Errorf("same URL again: got %v, want ErrConflict", err)
		}
		counts, err := s.SubscriberScopeCounts(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int64{}
		for _, c := range counts {
			got[c.Scope+":"+c.Name] = c.Count
		}
		want := map[string]int64{"page:": 2, "region:EU-DE": 1, "service:Relational Database": 1}
		for key, count := range want {
			if got[key] != count {
				t.Errorf("count %s = %d, want %d (all: %v)", key, got[key], count, got)
			}
		}
		if list, total, err := s.ListSubscribers(f.ctx, store.SubscriberFilter{Address: "TWO@", PerPage: 10}); err != nil ||
			total != 1 || list[0].ID != two.ID {
			t.Errorf("search two@ = %v, %d, %v", list, total, err)
		}
		_, before, _ := s.AuditEntries(f.ctx, 1, 1)
		if err := s.RemoveSubscriber(f.ctx, f.actor, two.ID, f.now); err != nil {
			t.Fatal(err)
		}
		if err := s.RemoveSubscriber(f.ctx, f.actor, two.ID, f.now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("remove twice: got %v, want ErrNotFound", err)
		}
		entries, after, _ := s.AuditEntries(f.ctx, 1, 1)
		if after != before+1 || entries[0].Action != store.ActionSubscriberRemove {
			t.Errorf("audit after remove: %d entries (before %d), newest %+v", after, before, entries[0])
		}
	})
}
