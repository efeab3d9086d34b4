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

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Sentinel errors callers can test with errors.Is.
var (
	ErrNotFound = errors.New("store: not found")
	ErrConflict = errors.New("store: conflict")
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
	db      *gorm.DB
	dialect Dialect
}

// ParseDatabaseURL tells the dialect of a database URL: postgres:// or
// postgresql:// is PostgreSQL; anything else is a SQLite file path, with an
// optional sqlite:// prefix.
func ParseDatabaseURL(url string) (Dialect, string) {
	switch {
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		return Postgres, url
	case strings.HasPrefix(url, "sqlite://"):
		return SQLite, strings.TrimPrefix(url, "sqlite://")
	}
	return SQLite, url
}

// Open connects to the database named by url. A SQLite file's directory is
// created when missing.
func Open(ctx context.Context, url string) (*Storage, error) {
	dialect, dsn := ParseDatabaseURL(url)
	config := &gorm.Config{Logger: logger.Discard, NowFunc: func() time.Time { return time.Now().UTC() }}
	var dialector gorm.Dialector
	switch dialect {
	case Postgres:
		dialector = postgres.Open(dsn)
	case SQLite:
		if dir := filepath.Dir(dsn); dir != "." {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("store: create database directory: %w", err)
			}
		}
		dialector = sqlite.Open(dsn + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_txlock=immediate")
	}
	db, err := gorm.Open(dialector, config)
	if err != nil {
		return nil, fmt.Errorf("store: open %s database: %w", dialect, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	if dialect == SQLite {
		// One writer at a time; SQLite serialises writes anyway and this keeps
		// busy errors away.
		sqlDB.SetMaxOpenConns(1)
	} else {
		sqlDB.SetMaxOpenConns(32)
		sqlDB.SetMaxIdleConns(32)
	}
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	if err := sqlDB.PingContext(ctx); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("store: connect to %s database: %w", dialect, err)
	}
	return &Storage{db: db, dialect: dialect}, nil
}

// Dialect tells which database the storage talks to.
func (s *Storage) Dialect() Dialect { return s.dialect }

// SQL gives the underlying connection pool, for migrations.
func (s *Storage) SQL() (*sql.DB, error) { return s.db.DB() }

// Close releases the connection pool.
func (s *Storage) Close() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return sqlDB.Close()
}

// Ping checks that the database answers.
func (s *Storage) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// inTx runs fn in one transaction: all of its writes land, or none.
func (s *Storage) inTx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.db.WithContext(ctx).Transaction(fn)
}

// utc normalises a time for storage: UTC, microsecond precision (PostgreSQL's).
func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }
