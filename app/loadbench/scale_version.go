package main

import (
	"context"
	"database/sql"
	"fmt"

	_ "github.com/glebarez/sqlite" // registers the "sqlite" database/sql driver

	"statusdash/app/store"
)

// versionBumper moves the served database's data version on, as every
// write does, and changes nothing else: each cached response goes stale,
// so the next request of each endpoint is built anew.
type versionBumper struct{ db *sql.DB }

// openVersionBumper connects to the database at dbURL on a connection of its own.
func openVersionBumper(dbURL string) (*versionBumper, error) {
	dialect, dsn, err := store.ParseDatabaseURL(dbURL)
	if err != nil {
		return nil, err
	}
	driver := "pgx"
	if dialect == store.SQLite {
		driver, dsn = "sqlite", dsn+"?_pragma=busy_timeout(10000)"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s to bump the data version: %w", dialect, err)
	}
	db.SetMaxOpenConns(1)
	return &versionBumper{db: db}, nil
}

// bump runs the statement every write transaction runs (app/store's bumpDataVersion).
func (b *versionBumper) bump(ctx context.Context) error {
	if _, err := b.db.ExecContext(ctx, "UPDATE data_version SET version = version + 1 WHERE id = 1"); err != nil {
		return fmt.Errorf("bump the data version: %w", err)
	}
	return nil
}

func (b *versionBumper) close() error { return b.db.Close() }
