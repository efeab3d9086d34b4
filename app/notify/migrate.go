package notify

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"statusdash/app/store"
)

// MigrationStatus is one of River's own migrations and whether it is applied.
type MigrationStatus struct {
	Version int
	Name    string
	Applied bool
}

// migrator is River's migrator on the store's connections.
func migrator(s *store.Storage) (*rivermigrate.Migrator[*sql.Tx], error) {
	db, err := s.SQL()
	if err != nil {
		return nil, fmt.Errorf("notify: %w", err)
	}
	var driver riverdriver.Driver[*sql.Tx]
	switch s.Dialect() {
	case store.Postgres:
		driver = riverdatabasesql.New(db)
	default:
		driver = riversqlite.New(db)
	}
	m, err := rivermigrate.New(driver, nil)
	if err != nil {
		return nil, fmt.Errorf("notify: river migrations: %w", err)
	}
	return m, nil
}

// MigrateUp applies River's pending migrations (its job tables) and
// returns how many ran.
func MigrateUp(ctx context.Context, s *store.Storage) (int, error) {
	m, err := migrator(s)
	if err != nil {
		return 0, err
	}
	result, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return 0, fmt.Errorf("notify: river migrate up: %w", err)
	}
	return len(result.Versions), nil
}

// MigrateDown removes River's tables, with every job in them, and
// returns how many of its migrations it rolled back.
func MigrateDown(ctx context.Context, s *store.Storage) (int, error) {
	m, err := migrator(s)
	if err != nil {
		return 0, err
	}
	result, err := m.Migrate(ctx, rivermigrate.DirectionDown, &rivermigrate.MigrateOpts{TargetVersion: -1})
	if err != nil {
		return 0, fmt.Errorf("notify: river migrate down: %w", err)
	}
	return len(result.Versions), nil
}

// MigrationStatuses lists River's migrations, applied or not.
func MigrationStatuses(ctx context.Context, s *store.Storage) ([]MigrationStatus, error) {
	m, err := migrator(s)
	if err != nil {
		return nil, err
	}
	existing, err := m.ExistingVersions(ctx)
	if err != nil {
		return nil, fmt.Errorf("notify: river migration status: %w", err)
	}
	applied := map[int]bool{}
	for _, migration := range existing {
		applied[migration.Version] = true
	}
	var statuses []MigrationStatus
	for _, migration := range m.AllVersions() {
		statuses = append(statuses, MigrationStatus{Version: migration.Version, Name: migration.Name,
			Applied: applied[migration.Version]})
	}
	return statuses, nil
}

// HasPendingMigrations reports whether River's tables are behind the binary.
func HasPendingMigrations(ctx context.Context, s *store.Storage) (bool, error) {
	statuses, err := MigrationStatuses(ctx, s)
	if err != nil {
		return false, err
	}
	for _, status := range statuses {
		if !status.Applied {
			return true, nil
		}
	}
	return false, nil
}
