package store

import (
	"context"
	"fmt"
)

// VacuumAfterImport tidies, on PostgreSQL, the tables a large import (a
// provisioning with a history) just wrote: VACUUM marks their pages
// all-visible, so that index-only scans skip the table (a /v2/events page
// 1,000 deep read 50,000 rows of it, 47 ms against 6 ms once vacuumed), and
// ANALYZE refreshes the planner's statistics of every table it wrote.
// Autovacuum does the same later, where it runs. VACUUM cannot run in a
// transaction, so it comes after the import's commit; on SQLite there is
// nothing to do. Bounded by the store's write timeout.
func (s *Storage) VacuumAfterImport(ctx context.Context) error {
	if s.specific.vacuumImported == "" {
		return nil
	}
	ctx, cancel := s.timeouts.withWrite(ctx)
	defer cancel()
	if err := s.db.WithContext(ctx).Exec(s.specific.vacuumImported).Error; err != nil {
		return fmt.Errorf("store: vacuum after import: %w", markUnavailable(err))
	}
	return nil
}
