package cli

import (
	"os"
	"strings"
	"testing"

	"statusdash/app/store/storetest"
)

// TestMigrateOnPostgresWithoutSecretKey: migrate signs nothing, so it does
// not ask for SDB_SECRET_KEY.
func TestMigrateOnPostgresWithoutSecretKey(t *testing.T) {
	vars := embedded(t)
	vars["SDB_DATABASE_URL"] = storetest.PostgresDatabaseURL(t)
	for _, action := range []string{"up", "status"} {
		if code, stdout, stderr := run(t, vars, "migrate", action); code != exitOK {
			t.Errorf("migrate %s without SDB_SECRET_KEY = %d (stdout %q, stderr %q), want 0", action, code, stdout, stderr)
		}
	}
}

// TestTypoInDatabaseURLIsRefused: a scheme the store does not know stops
// every command with a message naming SDB_DATABASE_URL, and creates nothing.
func TestTypoInDatabaseURLIsRefused(t *testing.T) {
	vars := embedded(t)
	vars["SDB_DATABASE_URL"] = "postgress://db/prod"
	dir := t.TempDir()
	t.Chdir(dir)
	for _, args := range [][]string{{"migrate", "up"}, {"bootstrap", "purge", "--yes"}, {"token", "list"}} {
		code, _, stderr := run(t, vars, args...)
		if code != exitFailure || !strings.Contains(stderr, "SDB_DATABASE_URL") {
			t.Errorf("%s = %d, stderr %q; want 1 naming SDB_DATABASE_URL", strings.Join(args, " "), code, stderr)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("the commands left %s behind", entries[0].Name())
	}
}
