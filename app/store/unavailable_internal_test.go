package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
)

func TestMarkUnavailable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"deadline", fmt.Errorf("store: read overview: %w", context.DeadlineExceeded), true},
		{"caller gone", fmt.Errorf("store: read overview: %w", context.Canceled), false},
		{"refused", &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, true},
		{"connection closed by the server", fmt.Errorf("receive message: %w", io.ErrUnexpectedEOF), true},
		{"bad connection", driver.ErrBadConn, true},
		{"closed pool", errors.New("sql: database is closed"), true},
		{"admin shutdown", &pgconn.PgError{Code: "57P01"}, true},
		{"connection failure", &pgconn.PgError{Code: "08006"}, true},
		{"too many connections", &pgconn.PgError{Code: "53300"}, true},
		{"statement timeout", &pgconn.PgError{Code: "57014"}, true},
		{"unique violation", &pgconn.PgError{Code: "23505"}, false},
		{"syntax error", &pgconn.PgError{Code: "42601"}, false},
		{"not found", ErrNotFound, false},
		{"no row", gorm.ErrRecordNotFound, false},
		{"a bug", errors.New("scan: converting NULL to uint is unsupported"), false},
	}
	for _, tt := range tests {
		marked := markUnavailable(tt.err)
		if got := errors.Is(marked, ErrUnavailable); got != tt.want {
			t.Errorf("%s: marked %v, want %v", tt.name, got, tt.want)
		}
		if !errors.Is(marked, tt.err) {
			t.Errorf("%s: the mark lost its cause", tt.name)
		}
		if again := markUnavailable(marked); again != marked {
			t.Errorf("%s: marked twice: %v", tt.name, again)
		}
	}
	if markUnavailable(nil) != nil {
		t.Error("markUnavailable(nil) is not nil")
	}
}

// TestMigrationsRunWithoutServerTimeouts: the migrations' pool leaves out
// the statement and idle timeouts that bound the storage's sessions.
func TestMigrationsRunWithoutServerTimeouts(t *testing.T) {
	t.Parallel()
	url := os.Getenv("SDB_TEST_POSTGRES_URL")
	if url == "" {
		t.Skip("SDB_TEST_POSTGRES_URL is not set")
	}
	db, err := openPostgresForMigrations(url, Timeouts{Connect: DefaultConnectTimeout, Read: DefaultReadTimeout, Write: DefaultWriteTimeout})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var value string
	if err := db.QueryRowContext(context.Background(), "SHOW statement_timeout").Scan(&value); err != nil || strings.TrimSpace(value) != "0" {
		t.Errorf("statement_timeout of the migrations = %q, %v; want 0 (none)", value, err)
	}
}
