package store_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"statusdash/app/store"
)

func TestParseDatabaseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url         string
		wantDialect store.Dialect
		wantDSN     string
		wantErr     string
	}{
		{"instance/statusdash.db", store.SQLite, "instance/statusdash.db", ""},
		{"sqlite:///var/lib/statusdash.db", store.SQLite, "/var/lib/statusdash.db", ""},
		{"postgres://u@db/statusdash", store.Postgres, "postgres://u@db/statusdash", ""},
		{"postgresql://u@db/statusdash", store.Postgres, "postgresql://u@db/statusdash", ""},
		{"postgress://db/prod", "", "", `SDB_DATABASE_URL: unknown scheme "postgress://"`},
		{"mysql://root:hunter2@db/prod", "", "", `SDB_DATABASE_URL: unknown scheme "mysql://"`},
		{"root:hunter2@db://prod", "", "", `SDB_DATABASE_URL: unknown scheme "?://"`},
	}
	for _, tt := range tests {
		dialect, dsn, err := store.ParseDatabaseURL(tt.url)
		switch {
		case tt.wantErr == "" && (err != nil || dialect != tt.wantDialect || dsn != tt.wantDSN):
			t.Errorf("ParseDatabaseURL(%q) = %q, %q, %v; want %q, %q", tt.url, dialect, dsn, err, tt.wantDialect, tt.wantDSN)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr) || strings.Contains(err.Error(), "hunter2")):
			t.Errorf("ParseDatabaseURL(%q) error = %v, want %s and no password", tt.url, err, tt.wantErr)
		}
	}
}

// TestOpenRefusesATypoInTheScheme: postgress://db/prod is an error, not a
// SQLite file (and directory) named after it.
func TestOpenRefusesATypoInTheScheme(t *testing.T) {
	// Not parallel: it changes the working directory.
	dir := t.TempDir()
	t.Chdir(dir)
	s, err := store.Open(context.Background(), "postgress://db/prod")
	if err == nil {
		_ = s.Close()
		t.Fatal("Open(postgress://db/prod) succeeded, want an error naming SDB_DATABASE_URL")
	}
	if !strings.Contains(err.Error(), "SDB_DATABASE_URL") {
		t.Errorf("Open error = %v, want one naming SDB_DATABASE_URL", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("Open left %s behind", entries[0].Name())
	}
}
