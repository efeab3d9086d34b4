package bootstrap

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

func rowCounts(t *testing.T, s *store.Storage) map[string]int {
	t.Helper()
	db, err := s.SQL()
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, table := range []string{"categories", "regions", "services", "components", "events", "event_components", "event_updates"} {
		var n int
		if err := db.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		counts[table] = n
	}
	return counts
}

// The real catalogs provision cleanly, and a second run creates nothing; a
// run an hour later moves the demo events instead of duplicating them.
func TestProvisionCatalogFiles(t *testing.T) {
	tests := []struct {
		path string
		want map[string]int
	}{
		{"testdata/otc-production.yaml", map[string]int{"categories": 9, "regions": 2, "services": 50, "components": 100}},
		{"../../instance/catalog.yaml", map[string]int{"categories": 5, "regions": 3, "services": 16, "components": 43, "events": 11, "event_components": 19, "event_updates": 24}},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			now := time.Now()
			storetest.Each(t, func(t *testing.T, s *store.Storage) {
				ctx := context.Background()
				catalog, err := LoadFile(tt.path, now)
				if err != nil {
					t.Fatalf("load: %v", err)
				}
				first, err := s.ProvisionCatalog(ctx, store.BootstrapActor, catalog.CatalogSpec, time.Now())
				if err != nil {
					t.Fatalf("first provision: %v", err)
				}
				if first.Components.Created != tt.want["components"] || first.Services.Created != tt.want["services"] {
					t.Errorf("got first result %+v, want %d components and %d services created", first, tt.want["components"], tt.want["services"])
				}
				rows := rowCounts(t, s)
				for table, n := range tt.want {
					if rows[table] != n {
						t.Errorf("got %d rows in %s, want %d", rows[table], table, n)
					}
				}
				second, err := s.ProvisionCatalog(ctx, store.BootstrapActor, catalog.CatalogSpec, time.Now())
				if err != nil {
					t.Fatalf("second provision: %v", err)
				}
				for name, counts := range map[string]store.ProvisionCounts{
					"categories": second.Categories, "regions": second.Regions, "services": second.Services,
					"components": second.Components, "events": second.Events, "updates": second.Updates,
				} {
					if counts.Created != 0 || counts.Updated != 0 {
						t.Errorf("second run %s: got %v, want nothing created or updated", name, counts)
					}
				}
				later, err := LoadFile(tt.path, now.Add(time.Hour))
				if err != nil {
					t.Fatalf("load an hour later: %v", err)
				}
				third, err := s.ProvisionCatalog(ctx, store.BootstrapActor, later.CatalogSpec, time.Now())
				if err != nil {
					t.Fatalf("third provision: %v", err)
				}
				if third.Events.Created != 0 || third.Updates.Created != 0 || third.Events.Updated != len(later.Events) {
					t.Errorf("got an hour later %+v, want every event moved and none created", third)
				}
				if got := rowCounts(t, s); !equalRows(got, rows) {
					t.Errorf("got rows %v after running again, want %v", got, rows)
				}
			})
		})
	}
}

func TestLoadFileNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "broken.yaml")
	if err := writeFile(path, "components:\n- name: ECS\n"); err != nil {
		t.Fatal(err)
	}
	_, err := LoadFile(path, testNow)
	var invalid *ValidationError
	if !errors.As(err, &invalid) || invalid.Source != path {
		t.Fatalf("got %v, want a *ValidationError from %s", err, path)
	}
	want := "bootstrap: invalid catalog " + path + " (1 problem):\n  components[0].attributes: missing (line 2)"
	if err.Error() != want {
		t.Errorf("got %q, want %q", err.Error(), want)
	}
	if _, err := LoadFile(filepath.Join(t.TempDir(), "missing.yaml"), testNow); err == nil {
		t.Error("got no error for a missing file")
	}
}

func equalRows(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for table, n := range a {
		if b[table] != n {
			return false
		}
	}
	return true
}

func writeFile(path, text string) error { return os.WriteFile(path, []byte(text), 0o600) }
