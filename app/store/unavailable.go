package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	gosqlite "github.com/glebarez/go-sqlite"
	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
)

// ErrUnavailable marks the errors that say the database could not be
// reached or did not answer in time: nothing is wrong with the request, and
// it may succeed later (web and API answer 503 with Retry-After). The store
// wraps such errors as ErrUnavailable and their cause; test with errors.Is.
var ErrUnavailable = errors.New("store: database unavailable")

// RetryAfterSeconds is how long the answers to ErrUnavailable (a 503's
// Retry-After) tell clients to wait before they try again.
const RetryAfterSeconds = 5

// markUnavailable returns err marked with ErrUnavailable when it says the
// database is unavailable, else err unchanged (nil stays nil). Every error
// of a database call passes through it: GORM's statements through the
// callbacks below, transactions through inTxBumpingOn, and the hand-written
// row loops, version lookups and pings where they return.
func markUnavailable(err error) error {
	if err == nil || errors.Is(err, ErrUnavailable) || !unavailable(err) {
		return err
	}
	return fmt.Errorf("%w: %w", ErrUnavailable, err)
}

// unavailable recognises, in one place, an error of a database call that
// says the database is unavailable rather than that the call is wrong.
func unavailable(err error) bool {
	if errors.Is(err, context.Canceled) {
		return false // the caller went away; the database may be fine
	}
	var pgErr *pgconn.PgError
	var connectErr *pgconn.ConnectError
	var sqliteErr *gosqlite.Error
	var netErr net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), // a statement, a pool wait, a connect, a lookup
		errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), // the server closed the connection
		errors.As(err, &connectErr), pgconn.Timeout(err), errors.As(err, &netErr):
		return true
	case errors.As(err, &pgErr):
		return unavailableCode(pgErr.Code)
	case errors.As(err, &sqliteErr):
		return unavailableSQLiteCode(sqliteErr.Code())
	}
	// database/sql's error once the pool is closed is not exported.
	return strings.Contains(err.Error(), "sql: database is closed")
}

// unavailableCode tells the PostgreSQL SQLSTATEs of a server that cannot
// serve now: connection exceptions, insufficient resources, system errors,
// shutdowns and the timeouts this package sets.
func unavailableCode(code string) bool {
	switch code[:min(len(code), 2)] {
	case "08", "53", "58":
		return true
	}
	switch code {
	case "57P01", "57P02", "57P03", "57P05", // admin, crash and idle-session shutdown; cannot connect now
		"57014", // query_canceled: statement_timeout
		"25P03", // idle_in_transaction_session_timeout
		"55P03": // lock_not_available
		return true
	}
	return false
}

// SQLite's primary result codes that say the file cannot be used now
// (https://www.sqlite.org/rescode.html).
const (
	sqliteBusy      = 5
	sqliteLocked    = 6
	sqliteInterrupt = 9 // a context ended the statement
	sqliteIOErr     = 10
	sqliteFull      = 13
	sqliteCantOpen  = 14
	sqliteProtocol  = 15
)

func unavailableSQLiteCode(code int) bool {
	switch code & 0xff { // extended codes keep the primary code in the low byte
	case sqliteBusy, sqliteLocked, sqliteInterrupt, sqliteIOErr, sqliteFull, sqliteCantOpen, sqliteProtocol:
		return true
	}
	return false
}

// registerUnavailableCallbacks marks the errors of every statement GORM
// runs on db, after all its other callbacks: those of the statement, of
// scanning its rows and of the transaction GORM wraps a single write in.
func registerUnavailableCallbacks(db *gorm.DB) {
	mark := func(tx *gorm.DB) {
		if tx.Error != nil {
			tx.Error = markUnavailable(tx.Error)
		}
	}
	const name = "store:mark_unavailable"
	callbacks := db.Callback()
	// Registering a new name on a fresh pool cannot fail.
	_ = callbacks.Create().After("*").Register(name, mark)
	_ = callbacks.Query().After("*").Register(name, mark)
	_ = callbacks.Update().After("*").Register(name, mark)
	_ = callbacks.Delete().After("*").Register(name, mark)
	_ = callbacks.Row().After("*").Register(name, mark)
	_ = callbacks.Raw().After("*").Register(name, mark)
}
