// Package storetest opens fresh, migrated databases for tests: a SQLite file
// always, and a PostgreSQL database of its own when SDB_TEST_POSTGRES_URL is set.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver for the admin connection

	"statusdash/app/store"
)

// PostgresURLVar names the variable that enables PostgreSQL tests.
const PostgresURLVar = "SDB_TEST_POSTGRES_URL"

// Backend is one database a test table runs against.
type Backend struct {
	Name string
	Open func(t testing.TB) *store.Storage
}

// Backends lists SQLite and, when configured, PostgreSQL.
func Backends() []Backend {
	backends := []Backend{{Name: "sqlite", Open: OpenSQLite}}
	if os.Getenv(PostgresURLVar) != "" {
		backends = append(backends, Backend{Name: "postgres", Open: OpenPostgres})
	}
	return backends
}

// Each runs fn once per backend as a subtest with a fresh, migrated database.
func Each(t *testing.T, fn func(t *testing.T, s *store.Storage)) {
	t.Helper()
	for _, backend := range Backends() {
		t.Run(backend.Name, func(t *testing.T) { fn(t, backend.Open(t)) })
	}
}

// OpenSQLite opens a migrated SQLite database in a temporary directory.
func OpenSQLite(t testing.TB) *store.Storage {
	t.Helper()
	return openMigrated(t, MigratedSQLitePath(t))
}

// MigratedSQLitePath writes a migrated SQLite file, a copy of the test
// process's template, in a temporary directory and returns its path.
func MigratedSQLitePath(t testing.TB) string {
	t.Helper()
	image, err := templates.sqlite.get(makeSQLiteImage)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "statusdash.db")
	if err := os.WriteFile(path, image, 0o600); err != nil {
		t.Fatalf("copy the template SQLite file: %v", err)
	}
	return path
}

// OpenPostgres creates a migrated database of its own on the server named
// by SDB_TEST_POSTGRES_URL and drops it when the test ends. It fails the
// test when the server is unreachable.
func OpenPostgres(t testing.TB) *store.Storage {
	t.Helper()
	return openMigrated(t, MigratedPostgresURL(t))
}

// PostgresDatabaseURL creates an empty database for the test and returns its URL.
func PostgresDatabaseURL(t testing.TB) string {
	t.Helper()
	return createPostgresDatabase(t, "")
}

// MigratedPostgresURL creates a migrated database for the test, a copy of
// the test process's template database, and returns its URL.
func MigratedPostgresURL(t testing.TB) string {
	t.Helper()
	base := postgresBaseURL(t)
	template, err := postgresTemplateName(base)
	if err != nil {
		t.Fatal(err)
	}
	return createPostgresDatabase(t, template)
}

func postgresBaseURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresURLVar)
	if base == "" {
		t.Skipf("%s is not set", PostgresURLVar)
	}
	return base
}

// createPostgresDatabase creates a database that is dropped when the test
// ends, a copy of template unless it is empty, and returns its URL.
func createPostgresDatabase(t testing.TB, template string) string {
	t.Helper()
	base := postgresBaseURL(t)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open %s: %v", PostgresURLVar, err)
	}
	defer admin.Close()
	suffix, err := randomHex()
	if err != nil {
		t.Fatal(err)
	}
	name := "sdb_test_" + suffix
	create := "CREATE DATABASE " + name
	if template != "" {
		create += " TEMPLATE " + template
	}
	if _, err := admin.Exec(create); err != nil {
		t.Fatalf("PostgreSQL at %s is unreachable or refused %s: %v", PostgresURLVar, create, err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			t.Errorf("drop test database: %v", err)
			return
		}
		defer admin.Close()
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	address, err := databaseURL(base, name)
	if err != nil {
		t.Fatal(err)
	}
	return address
}

// databaseURL is base with its database replaced by name.
func databaseURL(base, name string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("parse %s: %w", PostgresURLVar, err)
	}
	u.Path = "/" + name
	return u.String(), nil
}

func openMigrated(t testing.TB, url string) *store.Storage {
	t.Helper()
	return OpenWith(t, url, store.Timeouts{Connect: store.DefaultConnectTimeout})
}

// OutageTimeouts are timeouts for tests that stop or freeze the database:
// the read and write timeouts are half the defaults, to keep them quick.
func OutageTimeouts() store.Timeouts {
	return store.Timeouts{Connect: 2 * time.Second, Read: time.Second, Write: 2 * time.Second}
}

// OpenWith opens the database at url with the timeouts, migrates it and
// closes it when the test ends.
func OpenWith(t testing.TB, url string, timeouts store.Timeouts) *store.Storage {
	t.Helper()
	ctx := context.Background()
	s, err := store.OpenWith(ctx, url, timeouts)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if _, err := s.MigrateUp(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return s
}

func randomHex() (string, error) {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random database name: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// SeedComponent writes a catalog of one component, id 1: the service
// Elastic Cloud Server (ecs, category Compute) in the region EU-DE (eu-de),
// around the store, for tests that need something to attach checks to.
func SeedComponent(t testing.TB, s *store.Storage) {
	t.Helper()
	db, err := s.SQL()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, stmt := range []string{
		"INSERT INTO categories (id, name, slug) VALUES (1, 'Compute', 'compute')",
		"INSERT INTO regions (id, name, slug) VALUES (1, 'EU-DE', 'eu-de')",
		"INSERT INTO services (id, name, slug, category_id) VALUES (1, 'Elastic Cloud Server', 'ecs', 1)",
		"INSERT INTO components (id, service_id, region_id) VALUES (1, 1, 1)",
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("seed component: %v", err)
		}
	}
}
