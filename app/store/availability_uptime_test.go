package store_test

import (
	"context"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// The uptime of badges sums the components' 90 days, from the daily
// roll-ups and today's events, the same whether the finalizer rolled up
// every past day or is a month behind.
func TestReadUptime(t *testing.T) {
	day := 24 * time.Hour
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		b := rows(t, s)
		catalog := b.Catalog(1, 1, 3)
		old, newer, future := catalog.Components[0], catalog.Components[1], catalog.Components[2]
		b.Exec("UPDATE components SET created_at = ?", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
		b.Exec("UPDATE components SET created_at = ? WHERE id = ?", readNow.Add(-36*time.Hour), newer.ID)
		b.Exec("UPDATE components SET created_at = ? WHERE id = ?", readNow.Add(time.Hour), future.ID)
		incident := func(start time.Time, length time.Duration, impact model.Impact) {
			e := model.Event{Type: model.TypeIncident, Title: "down", Impact: impact, Status: model.StatusResolved, StartAt: start}
			if length > 0 {
				e.EndAt = ptr(start.Add(length))
			}
			b.Event(e, old)
		}
		incident(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), 4*time.Hour, model.ImpactOutage)
		incident(time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC), day, model.ImpactMajor)   // 30 %: 7.2 h
		incident(time.Date(2025, 12, 10, 0, 0, 0, 0, time.UTC), day, model.ImpactOutage) // before the 90 days
		incident(readNow.Add(-2*time.Hour), 0, model.ImpactOutage)                       // open: up to now
		b.Event(model.Event{Type: model.TypeMaintenance, Title: "upgrade", Status: model.StatusCompleted,
			StartAt: time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC), EndAt: ptr(time.Date(2026, 2, 3, 0, 0, 0, 0, time.UTC))}, old)

		// 89 whole days from 16 December and half of 15 March.
		period := 89*day + 12*time.Hour
		downtime := 4*time.Hour + 7*time.Hour + 12*time.Minute + 2*time.Hour
		tests := []struct {
			name       string
			components []uint
			noData     bool
			measured   time.Duration
			downtime   time.Duration
		}{
			{"one component, maintenance left out", []uint{old.ID}, false, period - day, downtime},
			{"a service: its components summed", []uint{old.ID, newer.ID}, false, period - day + 36*time.Hour, downtime},
			{"created after now", []uint{future.ID}, true, 0, 0},
			{"no components", nil, true, 0, 0},
		}
		for _, finalizedAt := range []time.Time{readNow, readNow.Add(-30 * day)} {
			if err := s.RebuildAvailability(context.Background(), finalizedAt); err != nil {
				t.Fatal(err)
			}
			for _, tt := range tests {
				got, err := s.ReadUptime(context.Background(), tt.components, store.UptimeDays, readNow)
				if err != nil {
					t.Fatalf("%s: ReadUptime: %v", tt.name, err)
				}
				if got.NoData != tt.noData || got.Measured != tt.measured || got.Downtime() != tt.downtime {
					t.Errorf("finalized to %s, %s: no data %v, measured %v, downtime %v; want %v, %v, %v", finalizedAt.Format(time.DateOnly),
						tt.name, got.NoData, got.Measured, got.Downtime(), tt.noData, tt.measured, tt.downtime)
				}
			}
		}
	})
}
