package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

var catalogTables = []string{"categories", "regions", "services", "components", "events", "event_components", "event_updates"}

func countRows(t *testing.T, s *store.Storage) map[string]int {
	t.Helper()
	db, err := s.SQL()
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, table := range catalogTables {
		var n int
		if err := db.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		counts[table] = n
	}
	return counts
}

func sampleSpec(start time.Time) store.CatalogSpec {
	end := start.Add(time.Hour)
	return store.CatalogSpec{
		Categories: []store.CategorySpec{{Name: "Compute", Slug: "compute"}, {Name: "Storage", Slug: "storage"}},
		Regions:    []store.RegionSpec{{Name: "EU-DE", Slug: "eu-de"}, {Name: "EU-NL", Slug: "eu-nl"}},
		Services: []store.ServiceSpec{
			{Name: "Elastic Cloud Server", Slug: "ecs", Category: "compute", Description: "VMs"},
			{Name: "Object Storage", Slug: "obs", Category: "storage"},
		},
		Components: []store.ComponentSpec{{Service: "ecs", Region: "eu-de"}, {Service: "ecs", Region: "eu-nl"}, {Service: "obs", Region: "eu-de"}},
		Events: []store.EventSpec{
			{
				Type: model.TypeIncident, Title: "ECS down", Impact: model.ImpactOutage, Status: model.StatusResolved,
				StartAt: start, EndAt: &end, Components: []store.ComponentSpec{{Service: "ecs", Region: "eu-de"}},
				Updates: []store.UpdateSpec{
					{Status: model.StatusDetected, Text: "Down.", At: start},
					{Status: model.StatusResolved, Text: "Up.", At: end},
				},
			},
			{
				Type: model.TypeInfo, Title: "Hello", Status: model.StatusActive, StartAt: start, Floating: true,
				Components: []store.ComponentSpec{{Service: "obs", Region: "eu-de"}},
			},
		},
	}
}

func TestProvisionCatalogIsIdempotent(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 3, 1, 10, 0, 0, 123456789, time.FixedZone("CET", 3600))
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		ctx := context.Background()
		first, err := s.ProvisionCatalog(ctx, store.BootstrapActor, sampleSpec(start), time.Now())
		if err != nil {
			t.Fatalf("first provision: %v", err)
		}
		wantFirst := store.ProvisionResult{
			Categories: store.ProvisionCounts{Created: 2}, Regions: store.ProvisionCounts{Created: 2},
			Services: store.ProvisionCounts{Created: 2}, Components: store.ProvisionCounts{Created: 3},
			Events: store.ProvisionCounts{Created: 2}, Updates: store.ProvisionCounts{Created: 2},
		}
		if first != wantFirst {
			t.Errorf("got first result %+v, want %+v", first, wantFirst)
		}
		rows := countRows(t, s)
		second, err := s.ProvisionCatalog(ctx, store.BootstrapActor, sampleSpec(start), time.Now())
		if err != nil {
			t.Fatalf("second provision: %v", err)
		}
		wantSecond := store.ProvisionResult{
			Categories: store.ProvisionCounts{Unchanged: 2}, Regions: store.ProvisionCounts{Unchanged: 2},
			Services: store.ProvisionCounts{Unchanged: 2}, Components: store.ProvisionCounts{Unchanged: 3},
			Events: store.ProvisionCounts{Unchanged: 2}, Updates: store.ProvisionCounts{Unchanged: 2},
		}
		if second != wantSecond {
			t.Errorf("got second result %+v, want %+v", second, wantSecond)
		}
		if got := countRows(t, s); !equalCounts(got, rows) {
			t.Errorf("got rows %v after the second run, want %v", got, rows)
		}
		if !strings.Contains(second.String(), "events:     0 created, 0 updated, 2 unchanged") {
			t.Errorf("got summary %q, want an events line", second.String())
		}
	})
}

// TestProvisionCatalogStampsNow: the rows provisioning creates carry the
// time the caller gives, not the clock's.
func TestProvisionCatalogStampsNow(t *testing.T) {
	t.Parallel()
	stamp := time.Date(2024, 7, 1, 9, 30, 0, 0, time.UTC)
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		ctx := context.Background()
		if _, err := s.ProvisionCatalog(ctx, store.BootstrapActor, sampleSpec(stamp), stamp); err != nil {
			t.Fatal(err)
		}
		components, err := s.ComponentsWithServiceRegion(ctx)
		if err != nil || len(components) == 0 {
			t.Fatalf("components: %d, %v", len(components), err)
		}
		for _, c := range components {
			for what, at := range map[string]time.Time{"component": c.CreatedAt, "service": c.Service.CreatedAt,
				"category": c.Service.Category.CreatedAt, "region": c.Region.CreatedAt} {
				if !at.Equal(stamp) {
					t.Errorf("component %d: %s created at %v, want %v", c.ID, what, at, stamp)
				}
			}
		}
		events, _, err := s.APIEvents(ctx, store.APIEventFilter{}, stamp)
		if err != nil || len(events) == 0 {
			t.Fatalf("events: %d, %v", len(events), err)
		}
		for _, e := range events {
			if !e.CreatedAt.Equal(stamp) {
				t.Errorf("event %d created at %v, want %v", e.ID, e.CreatedAt, stamp)
			}
			for _, u := range e.Updates {
				if !u.CreatedAt.Equal(stamp) {
					t.Errorf("update of event %d created at %v, want %v", e.ID, u.CreatedAt, stamp)
				}
			}
		}
	})
}

func TestProvisionCatalogCorrectsWhatDiffers(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		ctx := context.Background()
		if _, err := s.ProvisionCatalog(ctx, store.BootstrapActor, sampleSpec(start), time.Now()); err != nil {
			t.Fatal(err)
		}
		// Moved by a day: the floating notice moves, the fixed incident is a new one.
		spec := sampleSpec(start.Add(24 * time.Hour))
		spec.Categories[0].Name = "Compute & Containers"
		spec.Services[1].Category = "compute"
		spec.Events[1].Components = append(spec.Events[1].Components, store.ComponentSpec{Service: "ecs", Region: "eu-nl"})
		got, err := s.ProvisionCatalog(ctx, store.BootstrapActor, spec, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		want := store.ProvisionResult{
			Categories: store.ProvisionCounts{Updated: 1, Unchanged: 1}, Regions: store.ProvisionCounts{Unchanged: 2},
			Services: store.ProvisionCounts{Updated: 1, Unchanged: 1}, Components: store.ProvisionCounts{Unchanged: 3},
			Events: store.ProvisionCounts{Created: 1, Updated: 1}, Updates: store.ProvisionCounts{Created: 2},
		}
		if got != want {
			t.Errorf("got %+v, want %+v", got, want)
		}
		rows := countRows(t, s)
		if rows["events"] != 3 || rows["event_components"] != 4 || rows["event_updates"] != 4 {
			t.Errorf("got rows %v, want 3 events, 4 event components, 4 updates", rows)
		}
	})
}

func TestProvisionCatalogRejectsBadSpecsWritingNothing(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		spoil func(spec *store.CatalogSpec)
	}{
		{"unknown category", func(spec *store.CatalogSpec) { spec.Services[1].Category = "network" }},
		{"unknown region", func(spec *store.CatalogSpec) { spec.Components[2].Region = "mars" }},
		{"event on a component not provisioned", func(spec *store.CatalogSpec) {
			spec.Events[1].Components[0] = store.ComponentSpec{Service: "obs", Region: "eu-nl"}
		}},
		{"event without status", func(spec *store.CatalogSpec) { spec.Events[1].Status = "" }},
		{"event with a bad impact", func(spec *store.CatalogSpec) { spec.Events[0].Impact = 7 }},
		{"empty slug", func(spec *store.CatalogSpec) { spec.Regions[0].Slug = "" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, s *store.Storage) {
				ctx := context.Background()
				version, err := s.DataVersion(ctx)
				if err != nil {
					t.Fatal(err)
				}
				spec := sampleSpec(start)
				tt.spoil(&spec)
				if _, err := s.ProvisionCatalog(ctx, store.BootstrapActor, spec, time.Now()); err == nil || !strings.HasPrefix(err.Error(), "store: ") {
					t.Fatalf("got error %v, want a store: error", err)
				}
				for table, n := range countRows(t, s) {
					if n != 0 {
						t.Errorf("got %d rows in %s, want 0", n, table)
					}
				}
				if after, _ := s.DataVersion(ctx); after != version {
					t.Errorf("got data version %d, want %d unchanged", after, version)
				}
			})
		})
	}
}

func TestPurgeCatalogEmptiesTheTables(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		ctx := context.Background()
		if empty, err := s.IsCatalogEmpty(ctx); err != nil || !empty {
			t.Fatalf("got empty %v, error %v on a fresh database, want true", empty, err)
		}
		if _, err := s.ProvisionCatalog(ctx, store.BootstrapActor, sampleSpec(time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)), time.Now()); err != nil {
			t.Fatal(err)
		}
		if empty, err := s.IsCatalogEmpty(ctx); err != nil || empty {
			t.Fatalf("got empty %v, error %v after provisioning, want false", empty, err)
		}
		got, err := s.PurgeCatalog(ctx, store.BootstrapActor, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		want := store.PurgeResult{EventUpdates: 2, EventChanges: 0, EventComponents: 2, Events: 2, Components: 3, Services: 2, Regions: 2, Categories: 2}
		if got != want {
			t.Errorf("got %+v, want %+v", got, want)
		}
		for table, n := range countRows(t, s) {
			if n != 0 {
				t.Errorf("got %d rows in %s after purge, want 0", n, table)
			}
		}
		if empty, err := s.IsCatalogEmpty(ctx); err != nil || !empty {
			t.Errorf("got empty %v, error %v after purge, want true", empty, err)
		}
	})
}

func equalCounts(a, b map[string]int) bool {
	for _, table := range catalogTables {
		if a[table] != b[table] {
			return false
		}
	}
	return true
}

// Provisioning and purging each write one audit row, by the actor, with
// their counts, in their own transaction: a rejected provisioning none.
func TestCatalogWritesAreAudited(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		ctx := context.Background()
		actor := store.Actor{Subject: "ada", Name: "statusdash bootstrap"}
		now := time.Date(2025, 3, 2, 9, 0, 0, 0, time.UTC)
		spoiled := sampleSpec(time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC))
		spoiled.Services[1].Category = "network"
		if _, err := s.ProvisionCatalog(ctx, actor, spoiled, now); err == nil {
			t.Fatal("a spoiled catalog was provisioned")
		}
		if _, total, err := s.AuditEntries(ctx, 1, 10); err != nil || total != 0 {
			t.Fatalf("audit rows after a rejected provisioning = %d, %v; want 0", total, err)
		}
		if _, err := s.ProvisionCatalog(ctx, actor, sampleSpec(time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)), now); err != nil {
			t.Fatal(err)
		}
		if _, err := s.PurgeCatalog(ctx, actor, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		entries, total, err := s.AuditEntries(ctx, 1, 10)
		if err != nil || total != 2 {
			t.Fatalf("audit rows = %d, %v; want 2", total, err)
		}
		purge, provision := entries[0], entries[1]
		tests := []struct {
			name                  string
			entry                 model.AuditEntry
			action, before, after string
			at                    time.Time
		}{
			{"provision", provision, store.ActionCatalogProvision, "",
				`{"categories":{"created":2,"updated":0,"unchanged":0},"regions":{"created":2,"updated":0,"unchanged":0},` +
					`"services":{"created":2,"updated":0,"unchanged":0},"components":{"created":3,"updated":0,"unchanged":0},` +
					`"events":{"created":2,"updated":0,"unchanged":0},"updates":{"created":2,"updated":0,"unchanged":0},` +
					`"checks":{"created":0,"updated":0,"unchanged":0}}`, now},
			{"purge", purge, store.ActionCatalogPurge,
				`{"check_results":0,"checks":0,"event_updates":2,"event_changes":0,"event_components":2,"events":2,"components":3,"services":2,"regions":2,"categories":2}`, "", now.Add(time.Hour)},
		}
		for _, tt := range tests {
			e := tt.entry
			if e.Actor != "ada" || e.ActorName != "statusdash bootstrap" || e.Action != tt.action || e.Object != "catalog" ||
				e.Before != tt.before || e.After != tt.after || !e.At.Equal(tt.at) {
				t.Errorf("%s audit row = %+v,\nwant by ada, %s on catalog at %v, before %s, after %s", tt.name, e, tt.action, tt.at, tt.before, tt.after)
			}
		}
	})
}

// A second run corrects an event's fields, an update's text and the
// components an event affects, in place.
func TestProvisionCatalogCorrectsEventsInPlace(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		ctx := context.Background()
		if _, err := s.ProvisionCatalog(ctx, store.BootstrapActor, sampleSpec(start), time.Now()); err != nil {
			t.Fatal(err)
		}
		spec := sampleSpec(start)
		spec.Events[0].Description = "Instances stopped."
		spec.Events[0].Updates[0].Text = "Down hard."
		spec.Events[1].Components = []store.ComponentSpec{{Service: "ecs", Region: "eu-nl"}}
		got, err := s.ProvisionCatalog(ctx, store.BootstrapActor, spec, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if want := (store.ProvisionCounts{Updated: 2}); got.Events != want {
			t.Errorf("got events %+v, want %+v", got.Events, want)
		}
		if want := (store.ProvisionCounts{Updated: 1, Unchanged: 1}); got.Updates != want {
			t.Errorf("got updates %+v, want %+v", got.Updates, want)
		}
		rows := countRows(t, s)
		if rows["events"] != 2 || rows["event_components"] != 2 || rows["event_updates"] != 2 {
			t.Errorf("got rows %v, want 2 events, 2 event components, 2 updates", rows)
		}
		again, err := s.ProvisionCatalog(ctx, store.BootstrapActor, spec, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if want := (store.ProvisionCounts{Unchanged: 2}); again.Events != want || again.Updates != want {
			t.Errorf("got events %+v and updates %+v on the third run, want both %+v", again.Events, again.Updates, want)
		}
	})
}
