package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDatabaseURLSchemes(t *testing.T) {
	tests := []struct {
		url      string
		problem  string // "" when accepted
		embedded bool
	}{
		{"instance/statusdash.db", "", true},
		{"/var/lib/statusdash/statusdash.db", "", true},
		{"sqlite:///var/lib/statusdash.db", "", true},
		{"postgres://u@db/statusdash", "", false},
		{"postgresql://u@db/statusdash", "", false},
		{"postgress://db/prod", `unknown scheme "postgress://"`, false},
		{"mysql://root:hunter2@db/prod", `unknown scheme "mysql://"`, false},
		{"file:///tmp/x.db", `unknown scheme "file://"`, false},
		{"root:hunter2@db://prod", `unknown scheme "?://"`, false},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			cfg, err := Load(env(map[string]string{"SDB_DATABASE_URL": tt.url, "SDB_CONFIG": "../../config/statusdash.example.yaml"}))
			switch {
			case tt.problem == "" && err != nil:
				t.Fatalf("Load: %v", err)
			case tt.problem == "":
				if cfg.Embedded() != tt.embedded {
					t.Errorf("Embedded() = %v, want %v", cfg.Embedded(), tt.embedded)
				}
			case err == nil || !strings.Contains(err.Error(), "SDB_DATABASE_URL: "+tt.problem):
				t.Errorf("Load error = %v, want SDB_DATABASE_URL: %s", err, tt.problem)
			case strings.Contains(err.Error(), "hunter2"):
				t.Errorf("Load error %q repeats the password", err)
			}
		})
	}
}

// TestPostgresNeedsNoSecretToLoad: only serve signs anything, so it alone
// asks for SDB_SECRET_KEY (EnsureSecretKey); migrate and the other commands
// load the configuration without it.
func TestPostgresNeedsNoSecretToLoad(t *testing.T) {
	cfg, err := Load(env(map[string]string{"SDB_DATABASE_URL": "postgres://u@db/statusdash", "SDB_CONFIG": "../../config/statusdash.example.yaml"}))
	if err != nil {
		t.Fatalf("Load without SDB_SECRET_KEY: %v", err)
	}
	if err := EnsureSecretKey(&cfg); err == nil || !strings.Contains(err.Error(), "SDB_SECRET_KEY") {
		t.Errorf("EnsureSecretKey on PostgreSQL without a key = %v, want an error naming SDB_SECRET_KEY", err)
	}
}

func TestBaseURLFromListen(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		wantURL string
	}{
		{"defaults", nil, "http://127.0.0.1:8080"},
		{"listen alone", map[string]string{"SDB_LISTEN": "127.0.0.1:9090"}, "http://127.0.0.1:9090"},
		{"every interface", map[string]string{"SDB_LISTEN": "0.0.0.0:9090"}, "http://localhost:9090"},
		{"no host", map[string]string{"SDB_LISTEN": ":9090"}, "http://localhost:9090"},
		{"every IPv6 interface", map[string]string{"SDB_LISTEN": "[::]:9090"}, "http://localhost:9090"},
		{"IPv6 loopback", map[string]string{"SDB_LISTEN": "[::1]:9090"}, "http://[::1]:9090"},
		{"a host name", map[string]string{"SDB_LISTEN": "status.internal:80"}, "http://status.internal:80"},
		{"base URL given", map[string]string{"SDB_LISTEN": "0.0.0.0:9090", "SDB_BASE_URL": "https://status.example.com/"}, "https://status.example.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir()) // no config/statusdash.yaml here
			cfg, err := Load(env(tt.env))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if cfg.BaseURL != tt.wantURL || cfg.OIDCRedirectURL != tt.wantURL+"/auth/callback" {
				t.Errorf("base URL %q, redirect URL %q; want %q and its /auth/callback", cfg.BaseURL, cfg.OIDCRedirectURL, tt.wantURL)
			}
		})
	}
	if got, want := Defaults().BaseURL, listenBaseURL(Defaults().Listen); got != want {
		t.Errorf("Defaults().BaseURL = %q, want %q, the default listen address's", got, want)
	}
	// A base URL in the file wins over the listen address, as the environment does.
	path := filepath.Join(t.TempDir(), "statusdash.yaml")
	if err := os.WriteFile(path, []byte("listen: 0.0.0.0:9090\nbase_url: https://status.example.com\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(env(map[string]string{"SDB_CONFIG": path}))
	if err != nil || cfg.BaseURL != "https://status.example.com" {
		t.Errorf("with base_url in the file: base URL %q, %v; want the file's https://status.example.com", cfg.BaseURL, err)
	}
	// The example file leaves it to the listen address.
	cfg, err = Load(env(map[string]string{"SDB_CONFIG": "../../config/statusdash.example.yaml", "SDB_LISTEN": "0.0.0.0:9090"}))
	if err != nil || cfg.BaseURL != "http://localhost:9090" {
		t.Errorf("with the example file: base URL %q, %v; want http://localhost:9090", cfg.BaseURL, err)
	}
}
