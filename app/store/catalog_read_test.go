package store_test

import (
	"context"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// TestReadCatalog checks every column of the hand-scanned catalog read, the
// display order and the links; the overview's catalog is the same without
// the times.
func TestReadCatalog(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		b := rows(t, s)
		catalog := b.Catalog(2, 2, 1)
		// Inserted last but placed first: order is position, not id.
		first := b.Region("Region 0", "region-0", 0)
		firstComponent := b.Component(catalog.Services[0], first)

		tree, err := s.ReadCatalog(context.Background())
		if err != nil {
			t.Fatalf("ReadCatalog: %v", err)
		}
		overview, err := s.ReadOverview(context.Background(), readNow)
		if err != nil {
			t.Fatalf("ReadOverview: %v", err)
		}
		wantRegions := append([]*model.Region{first}, catalog.Regions...)
		if len(tree.Regions) != len(wantRegions) || len(overview.Catalog.Regions) != len(wantRegions) {
			t.Fatalf("regions = %d and %d, want %d", len(tree.Regions), len(overview.Catalog.Regions), len(wantRegions))
		}
		for i, want := range wantRegions {
			got, light := tree.Regions[i], overview.Catalog.Regions[i]
			if got.ID != want.ID || got.Name != want.Name || got.Slug != want.Slug || got.Position != want.Position {
				t.Errorf("region %d = %+v, want %+v", i, got, want)
			}
			sameTimes(t, "region", got.CreatedAt, got.UpdatedAt, want.CreatedAt, want.UpdatedAt)
			if light.ID != want.ID || light.Name != want.Name || light.Slug != want.Slug || !light.CreatedAt.IsZero() {
				t.Errorf("overview region %d = %+v, want %+v without times", i, light, want)
			}
		}
		for i, want := range catalog.Categories {
			got := tree.Categories[i]
			if got.ID != want.ID || got.Name != want.Name || got.Slug != want.Slug || got.Position != want.Position {
				t.Errorf("category %d = %+v, want %+v", i, got, want)
			}
			sameTimes(t, "category", got.CreatedAt, got.UpdatedAt, want.CreatedAt, want.UpdatedAt)
		}
		for i, want := range catalog.Services {
			got := tree.Services[i]
			if got.ID != want.ID || got.Name != want.Name || got.Slug != want.Slug || got.Position != want.Position ||
				got.CategoryID != want.CategoryID || got.Description != want.Description || got.Category == nil || got.Category.ID != want.CategoryID {
				t.Errorf("service %d = %+v, want %+v", i, got, want)
			}
			sameTimes(t, "service", got.CreatedAt, got.UpdatedAt, want.CreatedAt, want.UpdatedAt)
		}
		// A service's components come in region order.
		components := tree.ComponentsOf(catalog.Services[0].ID)
		if len(components) != 3 || components[0].ID != firstComponent.ID {
			t.Fatalf("components of the first service = %d, want 3 led by region 0's", len(components))
		}
		for _, got := range tree.Components {
			want := tree.Component(got.ID)
			if got.Service == nil || got.Service.ID != got.ServiceID || got.Region == nil || got.Region.ID != got.RegionID || want != got {
				t.Errorf("component %d not linked: %+v", got.ID, got)
			}
		}
		sameTimes(t, "component", components[0].CreatedAt, components[0].UpdatedAt, firstComponent.CreatedAt, firstComponent.UpdatedAt)
	})
}

// sameTimes compares stored times to the microsecond PostgreSQL keeps
// (SQLite keeps nanoseconds).
func sameTimes(t *testing.T, what string, created, updated, wantCreated, wantUpdated time.Time) {
	t.Helper()
	near := func(got, want time.Time) bool { return got.Sub(want).Abs() < time.Microsecond }
	if !near(created, wantCreated) || !near(updated, wantUpdated) {
		t.Errorf("%s times = %v, %v; want %v, %v", what, created, updated, wantCreated, wantUpdated)
	}
}
