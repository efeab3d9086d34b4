// Package store persists statusdash's model in PostgreSQL or SQLite through GORM.
// Every method takes a context first and wraps its errors with a "store:" prefix.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"
)

// Sentinel errors callers can test with errors.Is.
var (
	ErrNotFound = errors.New("store: not found")
	ErrConflict = errors.New("store: conflict")
	// ErrClosed refuses a monitoring report once Close has begun. It is an
	// ErrUnavailable too: the report may be sent again, to another process.
	ErrClosed = fmt.Errorf("store: closed: %w", ErrUnavailable)
)

// Dialect names the SQL database behind a Storage.
type Dialect string

// Supported dialects.
const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

// Storage is the one entry point to the database.
type Storage struct {
	db *gorm.DB
	// specific is what differs between the databases (specific.go).
	specific dialectSpecific
	// reportQueue holds the monitoring reports waiting for the event write
	// lock, written together in one transaction (event_report_queue.go).
	reportQueue reportQueue
	// reports is the PostgreSQL pool of monitoring reports, nil on SQLite
	// (report_pool.go).
	reports *gorm.DB
	// walIndex answers DataVersion on a SQLite file in WAL mode without a
	// query while nothing was committed (wal_index.go); nil otherwise.
	walIndex *walIndexVersion
	// timeouts bound every database call (timeouts.go).
	timeouts Timeouts
	// dsn is the PostgreSQL connection string, for the migrations' own pool.
	dsn string
	// months keeps the availability roll-ups' months while they stand
	// (availability_months_cache.go).
	months monthsCache
	// afterEventWrite runs in every event write's transaction (event_notice.go).
	afterEventWrite AfterEventWrite
}

// ParseDatabaseURL tells the dialect of a database URL: postgres:// or
// postgresql:// is PostgreSQL, sqlite://PATH or a path without a scheme is
// a SQLite file. Any other scheme is an error naming SDB_DATABASE_URL, so a
// typo such as postgress:// never becomes a SQLite file of that name.
func ParseDatabaseURL(url string) (Dialect, string, error) {
	switch {
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		return Postgres, url, nil
	case strings.HasPrefix(url, "sqlite://"):
		return SQLite, strings.TrimPrefix(url, "sqlite://"), nil
	}
	if scheme, _, found := strings.Cut(url, "://"); found {
		// Only a scheme is repeated, never what may hold a password.
		if strings.ContainsAny(scheme, ":@/") {
			scheme = "?"
		}
		return "", "", fmt.Errorf("store: SDB_DATABASE_URL: unknown scheme %q: want postgres://, postgresql://, sqlite:// or a SQLite file path", scheme+"://")
	}
	return SQLite, url, nil
}

// Open connects to the database named by url with no deadline on its
// calls beyond DefaultConnectTimeout per connection, for commands and tests;
// a server opens with OpenWith and its configured timeouts. A SQLite file's
// directory is created when missing.
func Open(ctx context.Context, url string) (*Storage, error) {
	return open(ctx, url, Timeouts{Connect: DefaultConnectTimeout}, nil)
}

// OpenWith connects to the database named by url; every call made through
// the storage is bounded by timeouts.
func OpenWith(ctx context.Context, url string, timeouts Timeouts) (*Storage, error) {
	return open(ctx, url, timeouts, nil)
}

// open is OpenWith with options for the PostgreSQL connections (the tests'
// statement tracer).
func open(ctx context.Context, url string, timeouts Timeouts, pgOptions []stdlib.OptionOpenDB) (*Storage, error) {
	dialect, dsn, err := ParseDatabaseURL(url)
	if err != nil {
		return nil, err
	}
	var db *gorm.DB
	var specific dialectSpecific
	switch dialect {
	case Postgres:
		db, err = openPostgres(dsn, timeouts, nil, pgOptions)
		specific = postgresSpecific()
	case SQLite:
		specific = sqliteSpecific()
		if dir := filepath.Dir(dsn); dir != "." {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("store: create database directory: %w", err)
			}
		}
		db, err = openSQLite(dsn, timeouts)
	}
	if err != nil {
		return nil, err
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	if dialect == SQLite {
		// One connection for everything but the data version's; SQLite
		// serialises writes anyway and this keeps busy errors away.
		sqlDB.SetMaxOpenConns(2)
	} else {
		sqlDB.SetMaxOpenConns(32)
		sqlDB.SetMaxIdleConns(32)
	}
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	pingCtx, cancel := timeouts.withRead(ctx)
	defer cancel()
	if err := sqlDB.PingContext(pingCtx); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("store: connect to %s database: %w", dialect, markUnavailable(err))
	}
	s := &Storage{db: db, specific: specific, timeouts: timeouts}
	if dialect == SQLite {
		if s.walIndex, err = openWALIndexVersion(pingCtx, sqlDB); err != nil {
			_ = sqlDB.Close()
			return nil, err
		}
		if s.walIndex == nil {
			sqlDB.SetMaxOpenConns(1)
		}
	}
	if dialect == Postgres {
		s.dsn = dsn
		if s.reports, err = openReportPool(dsn, timeouts, pgOptions); err != nil {
			_ = sqlDB.Close()
			return nil, err
		}
	}
	return s, nil
}

// Dialect tells which database the storage talks to.
func (s *Storage) Dialect() Dialect { return s.specific.dialect }

// SQL gives the underlying connection pool, for migrations.
func (s *Storage) SQL() (*sql.DB, error) { return s.db.DB() }

// Close refuses new monitoring reports and waits until those in progress
// are answered (event_report_queue.go), then releases the connection
// pools, then the WAL index they had open.
func (s *Storage) Close() error {
	s.reportQueue.close()
	var errs []error
	if s.walIndex != nil {
		errs = append(errs, s.walIndex.release())
	}
	for _, db := range []*gorm.DB{s.db, s.reports} {
		if db == nil {
			continue
		}
		sqlDB, err := db.DB()
		if err == nil {
			err = sqlDB.Close()
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("store: close: %w", err))
		}
	}
	if s.walIndex != nil {
		errs = append(errs, s.walIndex.close())
	}
	return errors.Join(errs...)
}

// Ping checks that the database answers.
func (s *Storage) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	ctx, cancel := s.timeouts.withRead(ctx)
	defer cancel()
	if err := sqlDB.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", markUnavailable(err))
	}
	return nil
}

// inTx runs fn in one write transaction: all of its writes land, or none.
// Every write goes through here, so every write bumps the data version in
// the same transaction: readers in every process see it once it commits.
func (s *Storage) inTx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.inTxBumping(ctx, func(tx *gorm.DB) (bool, error) { return false, fn(tx) })
}

// inTxBumping is inTx for a fn that may bump the data version itself, in
// one of its own statements (saving a round trip): it says whether it did.
func (s *Storage) inTxBumping(ctx context.Context, fn func(tx *gorm.DB) (bool, error)) error {
	return s.inTxBumpingOn(ctx, s.db, fn)
}

// inTxBumpingOn is inTxBumping on the pool db. The write timeout bounds
// the whole transaction, every statement in it and its commit.
func (s *Storage) inTxBumpingOn(ctx context.Context, db *gorm.DB, fn func(tx *gorm.DB) (bool, error)) error {
	ctx, cancel := s.timeouts.withWrite(ctx)
	defer cancel()
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		bumped, err := fn(tx)
		if err != nil || bumped {
			return err
		}
		if err := tx.Exec(bumpDataVersion).Error; err != nil {
			return fmt.Errorf("store: bump data version: %w", err)
		}
		return nil
	})
	return markUnavailable(err)
}

// bumpDataVersion is the statement every write transaction runs.
const bumpDataVersion = "UPDATE data_version SET version = version + 1 WHERE id = 1"

// DataVersion reads the version every write bumps: on SQLite in WAL mode a
// read of the WAL-index header, plus one single-row query after a commit;
// else the query alone.
func (s *Storage) DataVersion(ctx context.Context) (int64, error) {
	if s.walIndex != nil {
		return s.walIndex.DataVersion(ctx, s.timeouts)
	}
	// Straight through database/sql: this runs before every cached page, and
	// GORM's statement building would be most of its cost.
	sqlDB, err := s.db.DB()
	if err != nil {
		return 0, fmt.Errorf("store: %w", err)
	}
	ctx, cancel := s.timeouts.withRead(ctx)
	defer cancel()
	var version int64
	if err := sqlDB.QueryRowContext(ctx, selectDataVersion).Scan(&version); err != nil {
		return 0, fmt.Errorf("store: read data version: %w", markUnavailable(err))
	}
	return version, nil
}

// selectDataVersion reads the version every write bumps.
const selectDataVersion = "SELECT version FROM data_version WHERE id = 1"

// CheapLookups reports whether DataVersion is cheap enough for every request
// to call on its own: true on SQLite in WAL mode, where it reads the header
// in shared memory while nothing changes. Sharing lookups (cache.Fresh)
// would only make requests wait.
func (s *Storage) CheapLookups() bool { return s.walIndex != nil }

// utc normalises a time for storage: UTC, microsecond precision (PostgreSQL's).
func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }
