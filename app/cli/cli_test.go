package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"statusdash/app/store"
)

// run executes the command line with the given environment and returns the
// exit code and both outputs.
func run(t *testing.T, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	env := &environment{stdout: &stdout, stderr: &stderr, getenv: func(key string) string { return vars[key] }}
	code := env.dispatch(args)
	return code, stdout.String(), stderr.String()
}

func embedded(t *testing.T) map[string]string {
	dir := t.TempDir()
	return map[string]string{
		"SDB_DATABASE_URL": filepath.Join(dir, "statusdash.db"),
		"SDB_INSTANCE_DIR": dir,
		"SDB_CONFIG":       writeFile(t, dir, "empty.yaml", ""),
	}
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestExitCodes(t *testing.T) {
	vars := embedded(t)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string // in stdout or stderr
	}{
		{"no command", nil, exitUsage, "missing command"},
		{"help", []string{"--help"}, exitOK, "bootstrap"},
		{"unknown command", []string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{"version", []string{"version"}, exitOK, "statusdash"},
		{"serve help", []string{"serve", "--help"}, exitOK, "Usage: statusdash serve"},
		{"serve unknown flag", []string{"serve", "--port=1"}, exitUsage, "flag provided but not defined"},
		{"migrate without action", []string{"migrate"}, exitUsage, "want one of up, down, status"},
		{"migrate bad action", []string{"migrate", "sideways"}, exitUsage, "sideways"},
		{"migrate help", []string{"migrate", "--help"}, exitOK, "migrate up|down|status"},
		{"migrate up help", []string{"migrate", "up", "--help"}, exitOK, "migrate up|down|status"},
		{"version help", []string{"version", "-h"}, exitOK, "Usage: statusdash version"},
		{"purge help", []string{"bootstrap", "purge", "--help"}, exitOK, "--yes"},
		{"bootstrap without action", []string{"bootstrap"}, exitUsage, "provision"},
		{"bootstrap bad action", []string{"bootstrap", "grow"}, exitUsage, "grow"},
		{"provision help", []string{"bootstrap", "provision", "--help"}, exitOK, "--catalog"},
		{"provision missing file", []string{"bootstrap", "provision", "--catalog", "/nonexistent.yaml"}, exitFailure, "/nonexistent.yaml"},
		{"migrate down before up", []string{"migrate", "down"}, exitFailure, "nothing to roll back"},
		{"migrate up", []string{"migrate", "up"}, exitOK, "applied"},
		{"migrate status", []string{"migrate", "status"}, exitOK, "applied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, vars, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit code = %d, want %d (stdout %q, stderr %q)", code, tt.wantCode, stdout, stderr)
			}
			if !strings.Contains(stdout+stderr, tt.wantOut) {
				t.Errorf("output %q does not contain %q", stdout+stderr, tt.wantOut)
			}
			if strings.Count(stdout, "Usage:") > 1 {
				t.Errorf("usage printed more than once: %q", stdout)
			}
			if code != exitOK && strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
				t.Errorf("a failure should be one line on stderr, got %q", stderr)
			}
		})
	}
}

func TestConfigErrorNamesVariable(t *testing.T) {
	vars := embedded(t)
	vars["SDB_AUTO_MIGRATE"] = "perhaps"
	code, _, stderr := run(t, vars, "migrate", "up")
	if code != exitFailure || !strings.Contains(stderr, "SDB_AUTO_MIGRATE") {
		t.Errorf("exit %d, stderr %q; want 1 naming SDB_AUTO_MIGRATE", code, stderr)
	}
}

func TestProvisionOTCCatalogTwiceThenPurge(t *testing.T) {
	vars := embedded(t)
	catalog := filepath.Join("..", "..", "..", "shared", "catalogs", "otc-production.yaml")
	if _, err := os.Stat(catalog); err != nil {
		t.Skipf("no production catalog beside the repository (../shared/catalogs): %v", err)
	}
	for i := range 2 {
		code, stdout, stderr := run(t, vars, "bootstrap", "provision", "--catalog", catalog)
		if code != exitOK {
			t.Fatalf("provision #%d: exit %d, stderr %q", i+1, code, stderr)
		}
		if !strings.Contains(stdout, "provisioned") {
			t.Errorf("provision #%d stdout = %q", i+1, stdout)
		}
	}
	if n := countComponents(t, vars); n != 100 {
		t.Errorf("components after two provisions = %d, want 100", n)
	}
	code, _, stderr := run(t, vars, "bootstrap", "provision", "--if-empty", "--catalog", catalog)
	if code != exitOK {
		t.Fatalf("provision --if-empty: exit %d, %s", code, stderr)
	}
	if code, _, stderr := run(t, vars, "bootstrap", "purge"); code != exitFailure || !strings.Contains(stderr, "not confirmed") {
		t.Errorf("purge without --yes: exit %d, stderr %q; want 1, not confirmed", code, stderr)
	}
	if code, _, stderr := run(t, vars, "bootstrap", "purge", "--yes"); code != exitOK {
		t.Fatalf("purge --yes: exit %d, %s", code, stderr)
	}
	if n := countComponents(t, vars); n != 0 {
		t.Errorf("components after purge = %d, want 0", n)
	}
}

func TestProvisionMalformedCatalogWritesNothing(t *testing.T) {
	vars := embedded(t)
	bad := writeFile(t, t.TempDir(), "bad.yaml", "components:\n  - name: Elastic Cloud Server\n    attributes:\n      region: EU-DE\n      type: ecs\n")
	code, _, stderr := run(t, vars, "bootstrap", "provision", "--catalog", bad)
	if code != exitFailure {
		t.Fatalf("exit %d, want 1", code)
	}
	if first, _, _ := strings.Cut(stderr, "\n"); !strings.HasPrefix(first, "statusdash bootstrap provision: invalid catalog") {
		t.Errorf("first stderr line = %q, want the reason", first)
	}
	if !strings.Contains(stderr, "components[0]") || !strings.Contains(stderr, "category") {
		t.Errorf("stderr %q should name components[0] and the missing category", stderr)
	}
	if n := countComponents(t, vars); n != 0 {
		t.Errorf("components after a malformed catalog = %d, want 0", n)
	}
}

func countComponents(t *testing.T, vars map[string]string) int {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, vars["SDB_DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.MigrateUp(ctx); err != nil {
		t.Fatal(err)
	}
	empty, err := s.IsCatalogEmpty(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if empty {
		return 0
	}
	catalog, err := s.ReadCatalog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return len(catalog.Components)
}
