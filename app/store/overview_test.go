package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/fixture"
	"statusdash/app/store/storetest"
)

// seedCurrentEvents adds one open incident, one active and one upcoming
// maintenance, one closed incident to the first components.
func seedCurrentEvents(t *testing.T, b *fixture.Builder, components []*model.Component) (incident, active, upcoming *model.Event) {
	t.Helper()
	incident = b.Event(model.Event{Type: model.TypeIncident, Title: "Volumes slow", Impact: model.ImpactMajor, StartAt: readNow.Add(-2 * time.Hour)}, components[0], components[1])
	b.Update(incident, model.StatusDetected, "We see slow volumes.", readNow.Add(-2*time.Hour))
	b.Update(incident, model.StatusFixing, "A fix is rolling out.", readNow.Add(-time.Hour))
	active = b.Event(model.Event{Type: model.TypeMaintenance, Title: "Switch upgrade", Status: model.StatusInProgress, StartAt: readNow.Add(-time.Hour), EndAt: ptr(readNow.Add(time.Hour))}, components[2])
	upcoming = b.Event(model.Event{Type: model.TypeMaintenance, Title: "Database patch", Status: model.StatusPlanned, StartAt: readNow.Add(24 * time.Hour), EndAt: ptr(readNow.Add(26 * time.Hour))}, components[3])
	b.Event(model.Event{Type: model.TypeIncident, Title: "Old outage", Impact: model.ImpactOutage, Status: model.StatusResolved, StartAt: readNow.Add(-48 * time.Hour), EndAt: ptr(readNow.Add(-47 * time.Hour))}, components[0])
	return incident, active, upcoming
}

func TestReadOverview(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		b := rows(t, s)
		catalog := b.Catalog(2, 2, 2)
		incident, active, upcoming := seedCurrentEvents(t, b, catalog.Components)

		overview, err := s.ReadOverview(context.Background(), readNow)
		if err != nil {
			t.Fatalf("ReadOverview: %v", err)
		}
		if got, want := overview.Health, model.HealthMajor; got != want {
			t.Errorf("page health = %v, want %v", got.Key(), want.Key())
		}
		if len(overview.Incidents) != 1 || overview.Incidents[0].Event.ID != incident.ID {
			t.Fatalf("incidents = %v, want the open one", overview.Incidents)
		}
		summary := overview.Incidents[0]
		if summary.Latest == nil || summary.Latest.Text != "A fix is rolling out." {
			t.Errorf("latest update = %+v, want the fixing one", summary.Latest)
		}
		if got := len(summary.Event.Components); got != 2 {
			t.Errorf("incident components = %d, want 2", got)
		}
		if got := len(summary.Regions()); got != 2 {
			t.Errorf("incident regions = %d, want 2", got)
		}
		if len(overview.Maintenance) != 1 || overview.Maintenance[0].Event.ID != active.ID {
			t.Errorf("maintenance = %v, want the active one", overview.Maintenance)
		}
		if len(overview.Upcoming) != 1 || overview.Upcoming[0].Event.ID != upcoming.ID {
			t.Errorf("upcoming = %v, want the planned one", overview.Upcoming)
		}
		if got := len(overview.Categories); got != 2 {
			t.Fatalf("categories = %d, want 2", got)
		}
		cells := map[uint]*store.ComponentStatus{}
		for _, category := range overview.Categories {
			for _, service := range category.Services {
				if len(service.Cells) != 2 {
					t.Fatalf("service %s has %d cells, want 2", service.Service.Slug, len(service.Cells))
				}
				for _, cell := range service.Cells {
					cells[cell.Component.ID] = cell
				}
			}
		}
		want := map[uint]model.Health{
			catalog.Components[0].ID: model.HealthMajor,
			catalog.Components[1].ID: model.HealthMajor,
			catalog.Components[2].ID: model.HealthMaintenance,
			catalog.Components[3].ID: model.HealthOperational,
		}
		for id, health := range want {
			if got := cells[id].Health; got != health {
				t.Errorf("component %d health = %v, want %v", id, got.Key(), health.Key())
			}
		}
		if cause := cells[catalog.Components[0].ID].Cause; cause == nil || cause.ID != incident.ID {
			t.Errorf("cause of component 0 = %v, want incident %d", cause, incident.ID)
		}
	})
}

// TestReadOverviewQueryBudget shows the overview costs the same number of
// queries for a catalog of 10 and of 100 components.
func TestReadOverviewQueryBudget(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		counts := map[int]int64{}
		for _, size := range []struct{ regions, categories, services int }{{2, 1, 5}, {2, 5, 10}} {
			fresh := storetest.Backends()[0].Open(t)
			if s.Dialect() == store.Postgres {
				fresh = storetest.OpenPostgres(t)
			}
			b := rows(t, fresh)
			catalog := b.Catalog(size.regions, size.categories, size.services)
			seedCurrentEvents(t, b, catalog.Components)
			countedStore, queries := store.CountQueriesForTest(fresh)
			if _, err := countedStore.ReadOverview(context.Background(), readNow); err != nil {
				t.Fatalf("ReadOverview: %v", err)
			}
			counts[len(catalog.Components)] = queries()
		}
		if counts[10] != counts[100] || counts[10] == 0 {
			t.Errorf("queries for 10 components = %d, for 100 = %d; want the same, non-zero", counts[10], counts[100])
		}
		if counts[10] != 7 {
			t.Errorf("queries = %d, want 7", counts[10])
		}
	})
}

// TestReadOverviewEventsUseIndex shows the current-events query reads an
// index on end_at instead of every event ever recorded, on both databases.
func TestReadOverviewEventsUseIndex(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		now := time.Now().UTC().Truncate(time.Second)
		if _, err := s.ProvisionCatalog(context.Background(), store.BootstrapActor, historyCatalog(now, planEvents(s)), now); err != nil {
			t.Fatalf("provision: %v", err)
		}
		plan, err := store.ExplainOverviewEventsForTest(context.Background(), s, now)
		if err != nil {
			t.Fatalf("explain: %v", err)
		}
		for _, scan := range []string{"SCAN events\n", "Seq Scan on events"} {
			if strings.Contains(plan, scan) {
				t.Errorf("plan scans every event:\n%s", plan)
			}
		}
		if !strings.Contains(plan, "events_end_at_idx") && !strings.Contains(plan, "events_open_idx") {
			t.Errorf("plan uses no end_at index:\n%s", plan)
		}
	})
}
