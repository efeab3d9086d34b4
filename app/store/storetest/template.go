package storetest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"statusdash/app/store"
)

// Migrating takes most of a small test's time, so each test process
// migrates one database per dialect and every test gets a copy of it:
// CREATE DATABASE ... TEMPLATE on PostgreSQL, the file's bytes on SQLite.
// The process runs its tests with one set of migrations, so the copies are
// what migrating would have made; only the templates are shared state.
var templates struct {
	postgres daily[postgresTemplate]
	sqlite   daily[[]byte]
}

// daily holds a template made on the current UTC day. Migrating marks the
// availability of the days before it finalized, so a template made before
// midnight is not what migrating makes after it: it is made again.
type daily[T any] struct {
	mu       sync.Mutex
	day      string
	template T
	err      error
}

// get returns today's template, made by makeTemplate on first use.
func (d *daily[T]) get(makeTemplate func() (T, error)) (T, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if today := time.Now().UTC().Format(time.DateOnly); d.day != today {
		d.template, d.err = makeTemplate()
		d.day = today
	}
	return d.template, d.err
}

// postgresTemplate is a migrated database that tests copy.
type postgresTemplate struct {
	name string
	// lock holds the template's advisory lock while the process runs:
	// kept here, the garbage collector never closes its connection.
	lock *sql.Conn
	// admin is the pool lock came from, closed with it.
	admin *sql.DB
}

// templatePrefix starts the name of every template database; a template
// whose process has ended is dropped by the next process that makes one.
const templatePrefix = "sdb_tmpl_"

// templateLockClass is the first key of the session advisory locks with
// which a process marks its template database as in use; the second is
// the hash of the template's name.
const templateLockClass = 0x5db7e57

// postgresTemplateName migrates the process's template database on first
// use and returns its name.
func postgresTemplateName(base string) (string, error) {
	template, err := templates.postgres.get(func() (postgresTemplate, error) { return makePostgresTemplate(base) })
	return template.name, err
}

// makePostgresTemplate creates and migrates a template database. The
// returned connection holds an advisory lock on its name until the process
// ends, so other processes leave the template alone.
func makePostgresTemplate(base string) (postgresTemplate, error) {
	ctx := context.Background()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return postgresTemplate{}, fmt.Errorf("open %s: %w", PostgresURLVar, err)
	}
	holder, name, err := createLockedTemplate(ctx, admin)
	if err != nil {
		_ = admin.Close()
		return postgresTemplate{}, err
	}
	address, err := databaseURL(base, name)
	if err == nil {
		err = migrate(ctx, address)
	}
	if err != nil {
		_ = admin.Close()
		return postgresTemplate{}, fmt.Errorf("template database %s: %w", name, err)
	}
	return postgresTemplate{name: name, lock: holder, admin: admin}, nil
}

// createLockedTemplate locks a new template name on a connection of its
// own, drops the templates of ended processes and creates the database.
func createLockedTemplate(ctx context.Context, admin *sql.DB) (*sql.Conn, string, error) {
	holder, err := admin.Conn(ctx)
	if err != nil {
		return nil, "", fmt.Errorf("PostgreSQL at %s is unreachable: %w", PostgresURLVar, err)
	}
	suffix, err := randomHex()
	if err != nil {
		return nil, "", err
	}
	name := templatePrefix + suffix
	if _, err := holder.ExecContext(ctx, "SELECT pg_advisory_lock($1, hashtext($2))", templateLockClass, name); err != nil {
		return nil, "", fmt.Errorf("lock template database %s: %w", name, err)
	}
	if err := dropAbandonedTemplates(ctx, holder); err != nil {
		return nil, "", err
	}
	if _, err := holder.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return nil, "", fmt.Errorf("PostgreSQL at %s refused CREATE DATABASE %s: %w", PostgresURLVar, name, err)
	}
	return holder, name, nil
}

// dropAbandonedTemplates drops the template databases whose process has
// ended, that is whose advisory lock nobody holds.
func dropAbandonedTemplates(ctx context.Context, conn *sql.Conn) error {
	rows, err := conn.QueryContext(ctx, "SELECT datname FROM pg_database WHERE starts_with(datname, $1)", templatePrefix)
	if err != nil {
		return fmt.Errorf("list template databases: %w", err)
	}
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			_ = rows.Close()
			return fmt.Errorf("list template databases: %w", err)
		}
		names = append(names, name)
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("list template databases: %w", err)
	}
	for _, name := range names {
		if err := dropIfAbandoned(ctx, conn, name); err != nil {
			return err
		}
	}
	return nil
}

func dropIfAbandoned(ctx context.Context, conn *sql.Conn, name string) error {
	var abandoned bool
	if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1, hashtext($2))", templateLockClass, name).Scan(&abandoned); err != nil {
		return fmt.Errorf("lock template database %s: %w", name, err)
	}
	if !abandoned {
		return nil
	}
	_, dropErr := conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	_, unlockErr := conn.ExecContext(ctx, "SELECT pg_advisory_unlock($1, hashtext($2))", templateLockClass, name)
	if err := errors.Join(dropErr, unlockErr); err != nil {
		return fmt.Errorf("drop abandoned template database %s: %w", name, err)
	}
	return nil
}

// makeSQLiteImage migrates a SQLite file in a directory of its own and
// reads it whole: closing the store has moved its write-ahead log into it.
func makeSQLiteImage() ([]byte, error) {
	dir, err := os.MkdirTemp("", "sdb-template-")
	if err != nil {
		return nil, fmt.Errorf("template directory: %w", err)
	}
	defer func() { _ = os.RemoveAll(dir) }()
	path := filepath.Join(dir, "statusdash.db")
	if err := migrate(context.Background(), path); err != nil {
		return nil, fmt.Errorf("template SQLite file: %w", err)
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		return nil, errors.New("template SQLite file: its write-ahead log outlived the store")
	}
	image, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read template SQLite file: %w", err)
	}
	return image, nil
}

// migrate opens the database at url, migrates it and closes it.
func migrate(ctx context.Context, url string) error {
	s, err := store.Open(ctx, url)
	if err != nil {
		return err
	}
	_, migrateErr := s.MigrateUp(ctx)
	return errors.Join(migrateErr, s.Close())
}

// Main runs a package's tests, then drops the template database the
// process made, so that a run leaves no database behind on the server.
// Every package whose tests open databases through storetest calls it:
//
//	func TestMain(m *testing.M) { storetest.Main(m) }
func Main(m *testing.M) {
	code := m.Run()
	if err := dropPostgresTemplate(); err != nil {
		fmt.Fprintln(os.Stderr, "storetest:", err)
		code = max(code, 1)
	}
	os.Exit(code)
}

// dropPostgresTemplate drops the process's template database, if it made
// one, and releases its lock.
func dropPostgresTemplate() error {
	d := &templates.postgres
	d.mu.Lock()
	defer d.mu.Unlock()
	template := d.template
	if template.lock == nil {
		return nil
	}
	d.template, d.day = postgresTemplate{}, ""
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, dropErr := template.lock.ExecContext(ctx, "DROP DATABASE IF EXISTS "+template.name+" WITH (FORCE)")
	if dropErr != nil {
		dropErr = fmt.Errorf("drop template database %s: %w", template.name, dropErr)
	}
	// Closing the lock's connection ends its session and so its lock.
	return errors.Join(dropErr, template.lock.Close(), template.admin.Close())
}
