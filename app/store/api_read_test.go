package store_test

import (
	"context"
	"math"
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
