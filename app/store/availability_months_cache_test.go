package store_test

import (
	"context"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// A server reads the roll-ups' months once per generation: changes of the
// table that do not move rollup_generation (none of the store's do) stay
// unseen, and a generation moved on is read anew, for the whole catalog
// and for each region alike.
func TestAvailabilityMonthsKeptPerGeneration(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		ctx := context.Background()
		b := rows(t, s)
		catalog := b.Catalog(2, 1, 1)
		component := catalog.Components[0]
		b.Exec("UPDATE components SET created_at = ?", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
		start := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
		b.Event(model.Event{Type: model.TypeIncident, Title: "down", Impact: model.ImpactOutage, Status: model.StatusResolved,
			StartAt: start, EndAt: ptr(start.Add(time.Hour))}, component)
		if err := s.RebuildAvailability(ctx, readNow); err != nil {
			t.Fatal(err)
		}
		january := func(read func() (*store.Availability, error)) time.Duration {
			t.Helper()
			report, err := read()
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			for _, row := range report.Rows {
				if row.Component.ID == component.ID {
					for _, figure := range row.Months {
						if figure.Period.Start.Month() == time.January {
							return figure.Outage
						}
					}
				}
			}
			t.Fatalf("no January figure for component %d", component.ID)
			return 0
		}
		reads := map[string]func() (*store.Availability, error){
			"catalog": func() (*store.Availability, error) { return s.ReadAvailability(ctx, readNow) },
			"region":  func() (*store.Availability, error) { return s.ReadRegionAvailability(ctx, readNow, "") },
		}
		for name, read := range reads {
			if got := january(read); got != time.Hour {
				t.Fatalf("%s: January outage %v, want 1h", name, got)
			}
		}
		// Behind the store's back: the kept months stand.
		b.Exec("UPDATE component_months SET outage_ns = ? WHERE component_id = ?", int64(2*time.Hour), component.ID)
		for name, read := range reads {
			if got := january(read); got != time.Hour {
				t.Errorf("%s: January outage %v after a change that left the generation, want the kept 1h", name, got)
			}
		}
		b.Exec("UPDATE rollup_generation SET generation = generation + 1 WHERE id = 1")
		for name, read := range reads {
			if got := january(read); got != 2*time.Hour {
				t.Errorf("%s: January outage %v after the generation moved, want the table's 2h", name, got)
			}
		}
	})
}
