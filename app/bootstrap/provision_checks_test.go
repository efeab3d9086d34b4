package bootstrap

import (
	"context"
	"strings"
	"testing"
	"time"

	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// A catalog's checks provision once per region, a second run of the same
// file changes nothing, and a changed interval updates the checks in place.
func TestProvisionCatalogChecksFromYAML(t *testing.T) {
	text := checksHead + `  checks:
  - kind: http
    target: https://{service}.{region}.example.org/health
    interval_seconds: 30
  - kind: tcp
    target: db.{region}.example.org:5432
    interval_seconds: 60
    regions: [EU-DE]
`
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		ctx := context.Background()
		provision := func(text string) store.ProvisionCounts {
			t.Helper()
			catalog, err := Parse([]byte(text), testNow)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			result, err := s.ProvisionCatalog(ctx, store.BootstrapActor, catalog.CatalogSpec, time.Now())
			if err != nil {
				t.Fatalf("provision: %v", err)
			}
			if !strings.Contains(result.String(), "checks:     ") {
				t.Errorf("the output does not count checks:\n%s", result)
			}
			return result.Checks
		}
		if got := provision(text); got != (store.ProvisionCounts{Created: 4}) {
			t.Errorf("first run: %+v, want 4 created (3 regions and 1)", got)
		}
		if got := provision(text); got != (store.ProvisionCounts{Unchanged: 4}) {
			t.Errorf("second run: %+v, want 4 unchanged", got)
		}
		if got := provision(strings.Replace(text, "interval_seconds: 30", "interval_seconds: 45", 1)); got != (store.ProvisionCounts{Updated: 3, Unchanged: 1}) {
			t.Errorf("changed interval: %+v, want 3 updated and 1 unchanged", got)
		}
		checks, err := s.Checks(ctx, 0)
		if err != nil || len(checks) != 4 {
			t.Fatalf("got %d checks, %v; want 4", len(checks), err)
		}
	})
}
