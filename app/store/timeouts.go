package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Timeouts bound the database calls of a Storage, so that a database that
// stops answering (frozen, partitioned, overloaded) costs a request a known
// time instead of hanging it. A zero field sets no deadline of its kind.
type Timeouts struct {
	// Connect bounds opening one connection (PostgreSQL's connect_timeout),
	// including those the pool opens in the background.
	Connect time.Duration
	// Read bounds each statement outside a write transaction, the wait for
	// a pooled connection included, and each data version lookup and ping.
	Read time.Duration
	// Write bounds each write transaction from the wait for a connection to
	// its commit. It is also the server's own backstop for statements whose
	// client is gone (PostgreSQL's statement_timeout and
	// idle_in_transaction_session_timeout), and SQLite's busy_timeout.
	Write time.Duration
}

// Defaults of the server's settings (SDB_DATABASE_*_TIMEOUT): a page falls
// back to its last good copy within Read; a write answers 503 within Write.
const (
	DefaultConnectTimeout = 5 * time.Second
	DefaultReadTimeout    = 2 * time.Second
	DefaultWriteTimeout   = 5 * time.Second
)

// DefaultTimeouts are the server's default timeouts.
func DefaultTimeouts() Timeouts {
	return Timeouts{Connect: DefaultConnectTimeout, Read: DefaultReadTimeout, Write: DefaultWriteTimeout}
}

// gormConfig bounds every statement GORM runs without a deadline of its
// own by Read, and every transaction begun without one by Write; the pool
// wait happens under that deadline too.
func (t Timeouts) gormConfig() *gorm.Config {
	return &gorm.Config{
		Logger:                    logger.Discard,
		NowFunc:                   func() time.Time { return time.Now().UTC() },
		DefaultContextTimeout:     t.Read,
		DefaultTransactionTimeout: t.Write,
	}
}

// withRead bounds ctx by the read timeout; cancel must be called.
func (t Timeouts) withRead(ctx context.Context) (context.Context, context.CancelFunc) {
	if t.Read <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, t.Read)
}

// withWrite bounds ctx by the write timeout; cancel must be called. A
// deadline the caller set earlier stays.
func (t Timeouts) withWrite(ctx context.Context) (context.Context, context.CancelFunc) {
	if t.Write <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, t.Write)
}

// ReadDeadline bounds ctx by the read timeout, for a request's reads: the
// statements under it share one deadline, where GORM would start a timer
// for each statement without one and leave it running until it fires.
// cancel must be called.
func (s *Storage) ReadDeadline(ctx context.Context) (context.Context, context.CancelFunc) {
	return s.timeouts.withRead(ctx)
}

// WriteDeadline is ReadDeadline for a request that writes, bounded by the
// write timeout.
func (s *Storage) WriteDeadline(ctx context.Context) (context.Context, context.CancelFunc) {
	return s.timeouts.withWrite(ctx)
}

// postgresServerTimeouts are the session settings that end, on the server,
// what a client that gave up left behind: a statement still running (or
// waiting for a lock) and a transaction left open by a partitioned client.
var postgresServerTimeouts = []string{"statement_timeout", "idle_in_transaction_session_timeout"}

// openPostgres opens a GORM pool on the PostgreSQL database at dsn with
// the timeouts, plus settings, sent as session parameters when each
// connection starts (no extra round trip). Settings in dsn win.
func openPostgres(dsn string, timeouts Timeouts, settings map[string]string, options []stdlib.OptionOpenDB) (*gorm.DB, error) {
	connConfig, err := postgresConfig(dsn, timeouts, true)
	if err != nil {
		return nil, err
	}
	for name, value := range settings {
		if _, set := connConfig.RuntimeParams[name]; !set {
			connConfig.RuntimeParams[name] = value
		}
	}
	db, err := gorm.Open(postgres.New(postgres.Config{Conn: stdlib.OpenDB(*connConfig, options...)}), timeouts.gormConfig())
	if err != nil {
		return nil, fmt.Errorf("store: open postgres database: %w", err)
	}
	registerUnavailableCallbacks(db)
	return db, nil
}

// postgresConfig parses dsn and adds the connect timeout and, with
// serverTimeouts, the server-side timeouts, unless dsn sets them.
func postgresConfig(dsn string, timeouts Timeouts, serverTimeouts bool) (*pgx.ConnConfig, error) {
	connConfig, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: parse database URL: %w", err)
	}
	if connConfig.ConnectTimeout == 0 {
		connConfig.ConnectTimeout = timeouts.Connect
	}
	DisableJIT(connConfig.RuntimeParams)
	if serverTimeouts && timeouts.Write > 0 {
		for _, name := range postgresServerTimeouts {
			if _, set := connConfig.RuntimeParams[name]; !set {
				connConfig.RuntimeParams[name] = strconv.FormatInt(timeouts.Write.Milliseconds(), 10)
			}
		}
	}
	return connConfig, nil
}

// DisableJIT turns PostgreSQL's JIT compilation off in the session
// parameters params, unless they set it. The planner compiles a query when
// its estimated cost is high, and stale statistics inflate estimates: the
// subscribers of an event (10,000 rows, just updated) were estimated at
// 1.7 million, compiled for 3.9 s and ran for 14 ms. statusdash's
// statements are short; none gains from JIT.
func DisableJIT(params map[string]string) {
	if _, set := params["jit"]; !set {
		params["jit"] = "off"
	}
}

// openPostgresForMigrations opens a pool without the server-side
// timeouts: a migration may rebuild an index for longer than a request may wait.
func openPostgresForMigrations(dsn string, timeouts Timeouts) (*sql.DB, error) {
	connConfig, err := postgresConfig(dsn, timeouts, false)
	if err != nil {
		return nil, err
	}
	return stdlib.OpenDB(*connConfig), nil
}

// sqliteBusyTimeout is how long a SQLite statement waits for another
// connection's lock when no write timeout is set.
const sqliteBusyTimeout = 10 * time.Second

// openSQLite opens a GORM pool on the SQLite file at path. Contexts end
// statements (the driver interrupts them); busy_timeout bounds the wait for
// another connection's lock, which no context interrupts. temp_store keeps
// in memory the statement journal of each multi-row write (the pages it
// changed, to undo it alone), which past 64 KB went to a temporary file:
// writing it took a tenth of a 100,000-event provisioning.
func openSQLite(path string, timeouts Timeouts) (*gorm.DB, error) {
	busy := timeouts.Write
	if busy <= 0 {
		busy = sqliteBusyTimeout
	}
	dsn := path + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(" + strconv.FormatInt(busy.Milliseconds(), 10) +
		")&_pragma=journal_mode(WAL)&_pragma=temp_store(2)&_txlock=immediate"
	db, err := gorm.Open(sqlite.Open(dsn), timeouts.gormConfig())
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite database: %w", err)
	}
	registerUnavailableCallbacks(db)
	return db, nil
}
