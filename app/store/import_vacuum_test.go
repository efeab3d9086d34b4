package store_test

import (
	"context"
	"testing"
	"time"

	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// After a provisioning with a history, PostgreSQL's event tables are
// vacuumed (their pages all-visible for index-only scans) without waiting
// for autovacuum; on SQLite there is nothing to do.
func TestVacuumAfterImport(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		ctx := context.Background()
		now := time.Now().UTC()
		if _, err := s.ProvisionCatalog(ctx, store.BootstrapActor, historyCatalog(now, 200), now); err != nil {
			t.Fatalf("provision: %v", err)
		}
		if err := s.VacuumAfterImport(ctx); err != nil {
			t.Fatalf("VacuumAfterImport: %v", err)
		}
		if s.Dialect() != store.Postgres {
			return
		}
		for _, table := range []string{"events", "event_components", "event_updates", "component_months"} {
			if !store.VacuumedForTest(t, s, table) {
				t.Errorf("%s not vacuumed after the import", table)
			}
		}
	})
}
