package store

import (
	"context"
	"fmt"
	"io/fs"
	"time"

	"github.com/pressly/goose/v3"

	"statusdash/migrations"
)

// MigrationStatus is one migration and whether it has been applied.
type MigrationStatus struct {
	Version int64
	Source  string
	Applied bool
}

// migrator returns the migrations' provider and the function that releases
// it. On PostgreSQL it runs on a pool of its own, without the server-side
// statement timeout of the storage's pools: a migration may take longer
// than any request may.
func (s *Storage) migrator() (*goose.Provider, func(), error) {
	sqlDB, err := s.db.DB()
	release := func() {}
	if s.specific.dialect == Postgres {
		sqlDB, err = openPostgresForMigrations(s.dsn, s.timeouts)
		if err == nil {
			release = func() { _ = sqlDB.Close() }
		}
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store: %w", err)
	}
	dir, err := fs.Sub(migrations.FS, string(s.specific.dialect))
	if err != nil {
		release()
		return nil, nil, fmt.Errorf("store: migrations for %s: %w", s.specific.dialect, err)
	}
	provider, err := goose.NewProvider(s.specific.goose, sqlDB, dir)
	if err != nil {
		release()
		return nil, nil, fmt.Errorf("store: load migrations: %w", err)
	}
	return provider, release, nil
}

// MigrateUp applies every pending migration and returns how many ran.
// SQL cannot run the availability arithmetic: while nothing is finalized
// (migration 00009 empties the roll-ups), the roll-ups are filled from the
// existing events here, also when an earlier run failed before it could.
func (s *Storage) MigrateUp(ctx context.Context) (int, error) {
	provider, release, err := s.migrator()
	if err != nil {
		return 0, err
	}
	defer release()
	results, err := provider.Up(ctx)
	if err != nil {
		return len(results), fmt.Errorf("store: migrate up: %w", err)
	}
	var finalized int64
	if err := s.db.WithContext(ctx).Raw("SELECT finalized_day FROM rollup_state WHERE id = 1").Row().Scan(&finalized); err != nil {
		return len(results), fmt.Errorf("store: read finalized availability day: %w", err)
	}
	if finalized == 0 {
		if err := s.rebuildAfterMigration(ctx, time.Now()); err != nil {
			return len(results), err
		}
	}
	return len(results), nil
}

// MigrateDown rolls back the most recent migration.
func (s *Storage) MigrateDown(ctx context.Context) error {
	provider, release, err := s.migrator()
	if err != nil {
		return err
	}
	defer release()
	if _, err := provider.Down(ctx); err != nil {
		return fmt.Errorf("store: migrate down: %w", err)
	}
	return nil
}

// MigrationStatuses lists every known migration, applied or not.
func (s *Storage) MigrationStatuses(ctx context.Context) ([]MigrationStatus, error) {
	provider, release, err := s.migrator()
	if err != nil {
		return nil, err
	}
	defer release()
	statuses, err := provider.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: migration status: %w", err)
	}
	out := make([]MigrationStatus, 0, len(statuses))
	for _, st := range statuses {
		out = append(out, MigrationStatus{Version: st.Source.Version, Source: st.Source.Path, Applied: st.State == goose.StateApplied})
	}
	return out, nil
}

// HasPendingMigrations reports whether the schema is behind the binary.
func (s *Storage) HasPendingMigrations(ctx context.Context) (bool, error) {
	provider, release, err := s.migrator()
	if err != nil {
		return false, err
	}
	defer release()
	pending, err := provider.HasPending(ctx)
	if err != nil {
		return false, fmt.Errorf("store: check pending migrations: %w", err)
	}
	return pending, nil
}
