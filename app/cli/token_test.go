package cli

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

	"statusdash/app/apiauth"
	"statusdash/app/auth"
	"statusdash/app/config"
	"statusdash/app/store"
)

func TestTokenCommands(t *testing.T) {
	vars := embedded(t)
	code, stdout, stderr := run(t, vars, "token", "create", "--name", "metrics", "--role", "operator")
	if code != exitOK {
		t.Fatalf("create: exit %d, stderr %q", code, stderr)
	}
	token := regexp.MustCompile(`sdb_[A-Za-z0-9_-]{43}`).FindString(stdout)
	if token == "" || strings.Count(stdout, token) != 1 {
		t.Fatalf("create printed %q, want the token exactly once", stdout)
	}
	cfg, err := config.Load(func(key string) string { return vars[key] })
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(context.Background(), cfg.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	verifier := apiauth.NewVerifier(cfg, s, apiauth.Options{})
	credential, err := verifier.Verify(context.Background(), "Bearer "+token)
	if err != nil || credential.Name != "metrics" || credential.Role != auth.RoleOperator {
		t.Fatalf("verify new token = %+v, %v", credential, err)
	}

	code, stdout, _ = run(t, vars, "token", "list")
	if code != exitOK || !strings.Contains(stdout, "metrics") || !strings.Contains(stdout, "operator") {
		t.Errorf("list: exit %d, %q", code, stdout)
	}
	if strings.Contains(stdout, token) || strings.Contains(stdout, apiauth.HashToken(token)) || strings.Contains(stdout, "sdb_") {
		t.Errorf("list shows a secret: %q", stdout)
	}

	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string
	}{
		{"duplicate live name", []string{"token", "create", "--name", "metrics", "--role", "admin"}, exitFailure, "live token"},
		{"missing name", []string{"token", "create", "--role", "admin"}, exitUsage, "--name"},
		{"bad role", []string{"token", "create", "--name", "x", "--role", "root"}, exitUsage, "--role"},
		{"no action", []string{"token"}, exitUsage, "Usage"},
		{"unknown action", []string{"token", "rotate"}, exitUsage, "rotate"},
		{"revoke without argument", []string{"token", "revoke"}, exitUsage, "id or name"},
		{"revoke unknown", []string{"token", "revoke", "nobody"}, exitFailure, "nobody"},
		{"revoke", []string{"token", "revoke", "metrics"}, exitOK, "revoked token 1"},
		{"revoke again", []string{"token", "revoke", "1"}, exitFailure, "no live token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, vars, tt.args...)
			if code != tt.wantCode || !strings.Contains(stdout+stderr, tt.wantOut) {
				t.Errorf("exit %d (want %d), output %q (want %q)", code, tt.wantCode, stdout+stderr, tt.wantOut)
			}
		})
	}
	if _, err := verifier.Verify(context.Background(), "Bearer "+token); !errors.Is(err, apiauth.ErrInvalid) {
		t.Errorf("revoked token: err = %v, want ErrInvalid (401)", err)
	}
}

// Scripts capture the token with $(statusdash token create ...).
func TestTokenCreatePrintsOnlyTheTokenOnStdout(t *testing.T) {
	vars := embedded(t)
	code, stdout, stderr := run(t, vars, "token", "create", "--name", "ci", "--role", "admin")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if !regexp.MustCompile(`^sdb_[A-Za-z0-9_-]{43}\n$`).MatchString(stdout) {
		t.Errorf("stdout = %q, want the token and a newline only", stdout)
	}
	if !strings.Contains(stderr, "shown once") {
		t.Errorf("stderr = %q, want the one-time notice", stderr)
	}
}
