package store_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"statusdash/app/incident"
	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// TestPagesFarBeyondTheListAreEmpty asks for pages whose offset overflows an
// int: each must come back empty, never wrapped round to the first page.
func TestPagesFarBeyondTheListAreEmpty(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		b := rows(t, s)
		catalog := b.Catalog(1, 1, 1)
		start := readNow.Add(-3 * time.Hour)
		b.Event(model.Event{Type: model.TypeIncident, Title: "Closed", Impact: model.ImpactMinor, Status: model.StatusResolved,
			StartAt: start, EndAt: ptr(start.Add(time.Hour))}, catalog.Components[0])
		ctx := context.Background()
		if _, err := s.CreateAPIToken(ctx, store.Actor{Subject: "test"}, "audited", store.TokenRoleOperator, "hash", readNow); err != nil {
			t.Fatal(err) // one audit row
		}
		if entries, _, err := s.AuditEntries(ctx, 1, 500); err != nil || len(entries) != 1 {
			t.Fatalf("AuditEntries page 1: %d entries, %v; want 1", len(entries), err)
		}
		for _, page := range []int{368934881474191033, math.MaxInt / 25, math.MaxInt} {
			events, total, err := s.APIEvents(ctx, store.APIEventFilter{Page: page, PerPage: 50}, readNow)
			if err != nil {
				t.Fatalf("APIEvents page %d: %v", page, err)
			}
			if len(events) != 0 || total != 1 {
				t.Errorf("APIEvents page %d: got %d events of %d, want 0 of 1", page, len(events), total)
			}
			history, err := s.ReadHistory(ctx, readNow, store.HistoryFilter{Page: page, PerPage: 25})
			if err != nil {
				t.Fatalf("ReadHistory page %d: %v", page, err)
			}
			if len(history.Events) != 0 || history.Total != 1 {
				t.Errorf("ReadHistory page %d: got %d events of %d, want 0 of 1", page, len(history.Events), history.Total)
			}
			entries, _, err := s.AuditEntries(ctx, page, 500)
			if err != nil || len(entries) != 0 {
				t.Errorf("AuditEntries page %d: got %d entries, %v; want none", page, len(entries), err)
			}
		}
	})
}

// TestAPIEventsRefusesTooManyComponents: a list longer than any database
// takes as parameters is a validation error naming the field, not a driver error.
func TestAPIEventsRefusesTooManyComponents(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		ids := make([]uint, 70000)
		for i := range ids {
			ids[i] = uint(i + 1)
		}
		_, _, err := s.APIEvents(context.Background(), store.APIEventFilter{ComponentIDs: ids}, readNow)
		invalid, ok := store.AsValidation(err)
		if !ok || invalid.Fields["components"] != incident.TooManyComponents {
			t.Fatalf("APIEvents with 70,000 ids: got %v, want a validation error on components", err)
		}
		_, _, err = s.APIEvents(context.Background(), store.APIEventFilter{ComponentIDs: ids[:incident.MaxComponents]}, readNow)
		if err != nil {
			t.Errorf("APIEvents with %d ids: %v", incident.MaxComponents, err)
		}
	})
}

// TestAPIEventPagesUseIndex: a page of GET /v2/events, deep or not, reads
// its ids by walking an index in the list's order; it neither scans nor
// sorts the events table.
func TestAPIEventPagesUseIndex(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		ctx := context.Background()
		now := time.Now().UTC()
		if _, err := s.ProvisionCatalog(ctx, store.BootstrapActor, historyCatalog(now, 1000), now); err != nil {
			t.Fatalf("provision: %v", err)
		}
		for _, filter := range []store.APIEventFilter{{Page: 1, PerPage: 50}, {Page: 18, PerPage: 50}} {
			plan, err := store.ExplainAPIEventPageForTest(ctx, s, filter, now)
			if err != nil {
				t.Fatalf("page %d: explain: %v", filter.Page, err)
			}
			if !strings.Contains(plan, "events_start_at_id_idx") {
				t.Errorf("page %d: plan does not use events_start_at_id_idx:\n%s", filter.Page, plan)
			}
			for _, bad := range []string{"Seq Scan on events", "SCAN events\n", "TEMP B-TREE", "Sort"} {
				if strings.Contains(plan, bad) {
					t.Errorf("page %d: plan has %q:\n%s", filter.Page, bad, plan)
				}
			}
		}
	})
}

// TestAPIEventPagesKeepTheListOrder: the pages, read one by one, are the
// whole list newest start first with ties by id, each event once.
func TestAPIEventPagesKeepTheListOrder(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		b := rows(t, s)
		catalog := b.Catalog(1, 1, 1)
		var want []uint
		// Three events share each start, so the order inside a tie shows.
		for i := range 12 {
			start := readNow.Add(-time.Duration(i/3) * time.Hour)
			e := b.Event(model.Event{Type: model.TypeIncident, Title: fmt.Sprintf("Event %d", i), Impact: model.ImpactMinor,
				Status: model.StatusResolved, StartAt: start, EndAt: ptr(start.Add(time.Minute))}, catalog.Components[0])
			want = append(want, e.ID)
		}
		// Newest start first; within a start, the highest id first.
		for i := 0; i < len(want); i += 3 {
			want[i], want[i+2] = want[i+2], want[i]
		}
		var got []uint
		for page := 1; page <= 2; page++ {
			events, total, err := s.APIEvents(context.Background(), store.APIEventFilter{Page: page, PerPage: 10}, readNow)
			if err != nil {
				t.Fatalf("page %d: %v", page, err)
			}
			if total != 12 {
				t.Errorf("page %d: total %d, want 12", page, total)
			}
			for _, e := range events {
				got = append(got, e.ID)
				if len(e.Components) != 1 {
					t.Errorf("event %d has %d components, want 1", e.ID, len(e.Components))
				}
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("pages hold %v, want %v", got, want)
		}
	})
}
