package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// benchCatalog is the benchmark's dataset, shaped like `make bench`: 2 regions,
// 50 services (100 components), 5,000 closed events, 5 open incidents and one
// planned maintenance window.
func benchCatalog(now time.Time) store.CatalogSpec { return historyCatalog(now, 5000) }

// planEvents is how many past events a test of query plans stores.
// PostgreSQL's planner reads a small table whole, so it gets the benchmark's
// 5,000; SQLite's keeps to the indexes with 1,000, five times quicker to
// provision.
func planEvents(s *store.Storage) int {
	if s.Dialect() == store.SQLite {
		return 1000
	}
	return 5000
}

// historyCatalog is benchCatalog with the given number of past events.
func historyCatalog(now time.Time, pastEvents int) store.CatalogSpec {
	random := rand.New(rand.NewPCG(2, 4))
	var spec store.CatalogSpec
	for _, region := range []string{"eu-de", "eu-nl"} {
		spec.Regions = append(spec.Regions, store.RegionSpec{Name: region, Slug: region})
	}
	for c := range 10 {
		category := fmt.Sprintf("category-%d", c)
		spec.Categories = append(spec.Categories, store.CategorySpec{Name: category, Slug: category})
		for s := range 5 {
			service := fmt.Sprintf("service-%d-%d", c, s)
			spec.Services = append(spec.Services, store.ServiceSpec{Name: service, Slug: service, Category: category})
			for _, region := range spec.Regions {
				spec.Components = append(spec.Components, store.ComponentSpec{Service: service, Region: region.Slug})
			}
		}
	}
	pick := func() []store.ComponentSpec {
		var chosen []store.ComponentSpec
		for _, i := range random.Perm(len(spec.Components))[:1+random.IntN(3)] {
			chosen = append(chosen, spec.Components[i])
		}
		return chosen
	}
	for i := range pastEvents {
		start := now.Add(-time.Duration(random.Int64N(int64(3 * 365 * 24 * time.Hour)))).Add(-time.Hour).Truncate(time.Minute)
		end := start.Add(time.Duration(10+random.IntN(480)) * time.Minute)
		event := store.EventSpec{Type: model.TypeIncident, Title: fmt.Sprintf("Incident %d", i), Impact: model.Impact(1 + random.IntN(3)),
			Status: model.StatusResolved, StartAt: start, EndAt: &end, Components: pick(),
			Updates: []store.UpdateSpec{
				{Status: model.StatusAnalysing, Text: "Looking.", At: start},
				{Status: model.StatusResolved, Text: "Resolved.", At: end},
			}}
		if i%5 == 4 {
			event.Type, event.Title, event.Impact, event.Status = model.TypeMaintenance, fmt.Sprintf("Upgrade %d", i), model.ImpactMaintenance, model.StatusCompleted
			event.Updates = []store.UpdateSpec{{Status: model.StatusCompleted, Text: "Done.", At: end}}
		}
		spec.Events = append(spec.Events, event)
	}
	for i := range 5 {
		start := now.Add(-time.Duration(30+random.IntN(300)) * time.Minute).Truncate(time.Minute)
		spec.Events = append(spec.Events, store.EventSpec{Type: model.TypeIncident, Title: fmt.Sprintf("Open %d", i), Impact: model.Impact(1 + i%3),
			Status: model.StatusAnalysing, StartAt: start, Components: pick(),
			Updates: []store.UpdateSpec{{Status: model.StatusDetected, Text: "Errors.", At: start}, {Status: model.StatusAnalysing, Text: "Analysing.", At: start.Add(time.Minute)}}})
	}
	planned, plannedEnd := now.Add(24*time.Hour), now.Add(26*time.Hour)
	spec.Events = append(spec.Events, store.EventSpec{Type: model.TypeMaintenance, Title: "Planned", Impact: model.ImpactMaintenance,
		Status: model.StatusPlanned, StartAt: planned, EndAt: &plannedEnd, Components: pick(),
		Updates: []store.UpdateSpec{{Status: model.StatusPlanned, Text: "Scheduled.", At: now.Add(-time.Hour)}}})
	return spec
}

// BenchmarkReadOverview reads the overview of a 100-component catalog with
// 5,000 past events on every backend.
func BenchmarkReadOverview(b *testing.B) {
	now := time.Now().UTC().Truncate(time.Second)
	for _, backend := range storetest.Backends() {
		b.Run(backend.Name, func(b *testing.B) {
			s := backend.Open(b)
			if _, err := s.ProvisionCatalog(context.Background(), store.BootstrapActor, benchCatalog(now), now); err != nil {
				b.Fatalf("provision: %v", err)
			}
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				overview, err := s.ReadOverview(ctx, now)
				if err != nil {
					b.Fatalf("ReadOverview: %v", err)
				}
				if len(overview.Incidents) != 5 || len(overview.Upcoming) != 1 {
					b.Fatalf("incidents = %d, upcoming = %d; want 5 and 1", len(overview.Incidents), len(overview.Upcoming))
				}
			}
		})
	}
}

// BenchmarkReadDailyAvailability reads the 90 days of every component of a
// 100-component catalog with 5,000 past events, as the overview's bars do.
func BenchmarkReadDailyAvailability(b *testing.B) {
	now := time.Now().UTC().Truncate(time.Second)
	for _, backend := range storetest.Backends() {
		b.Run(backend.Name, func(b *testing.B) {
			s := backend.Open(b)
			if _, err := s.ProvisionCatalog(context.Background(), store.BootstrapActor, benchCatalog(now), now); err != nil {
				b.Fatalf("provision: %v", err)
			}
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				daily, err := s.ReadDailyAvailability(ctx, now, store.UptimeDays, store.AvailabilityScope{})
				if err != nil {
					b.Fatalf("ReadDailyAvailability: %v", err)
				}
				if len(daily.Figures) != 100 {
					b.Fatalf("figures of %d components, want 100", len(daily.Figures))
				}
			}
		})
	}
}
