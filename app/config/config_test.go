package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func env(values map[string]string) func(string) string {
	return func(key string) string { return values[key] }
}

func TestLoadDefaults(t *testing.T) {
	t.Chdir(t.TempDir()) // no config/statusdash.yaml here
	cfg, err := Load(env(nil))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if cfg.DatabaseURL != "instance/statusdash.db" || !cfg.Embedded() || cfg.RedisURL != "" || !cfg.AutoMigrate {
		t.Errorf("defaults = %+v, want embedded SQLite without Redis and auto-migrate on", cfg)
	}
	if cfg.OIDCRedirectURL != "http://127.0.0.1:8080/auth/callback" {
		t.Errorf("OIDCRedirectURL = %q", cfg.OIDCRedirectURL)
	}
	if cfg.OIDCTimeout != 5*time.Second || cfg.APIWritesPerMinute != 600 || cfg.APISecretWritesPerMinute != 3000 {
		t.Errorf("OIDCTimeout %s, APIWritesPerMinute %d, APISecretWritesPerMinute %d; want 5s, 600, 3000",
			cfg.OIDCTimeout, cfg.APIWritesPerMinute, cfg.APISecretWritesPerMinute)
	}
}

func TestLoadFromEnvironment(t *testing.T) {
	cfg, err := Load(env(map[string]string{
		"SDB_DATABASE_URL":                 "postgres://u@db/statusdash",
		"SDB_SECRET_KEY":                   "0123456789abcdef0123",
		"SDB_BASE_URL":                     "https://status.example.com/",
		"SDB_AUTO_MIGRATE":                 "false",
		"SDB_OIDC_OPERATOR_GROUPS":         "ops, /sre",
		"SDB_SESSION_MAX_AGE":              "24h",
		"SDB_REDIS_PREFIX":                 "status-eu:",
		"SDB_OIDC_TIMEOUT":                 "2s",
		"SDB_API_SECRET_WRITES_PER_MINUTE": "120",
	}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if cfg.Embedded() || cfg.AutoMigrate || cfg.BaseURL != "https://status.example.com" {
		t.Errorf("got %+v", cfg)
	}
	if got := strings.Join(cfg.OIDCOperatorGroups, "|"); got != "ops|/sre" {
		t.Errorf("operator groups = %q, want ops|/sre", got)
	}
	if cfg.SessionMaxAge != 24*time.Hour {
		t.Errorf("SessionMaxAge = %v", cfg.SessionMaxAge)
	}
	if cfg.RedisPrefix != "status-eu:" {
		t.Errorf("RedisPrefix = %q, want status-eu:", cfg.RedisPrefix)
	}
	if cfg.OIDCTimeout != 2*time.Second || cfg.APISecretWritesPerMinute != 120 {
		t.Errorf("OIDCTimeout = %s, APISecretWritesPerMinute = %d; want 2s, 120", cfg.OIDCTimeout, cfg.APISecretWritesPerMinute)
	}
}

func TestLoadDatabaseTimeouts(t *testing.T) {
	cfg, err := Load(env(map[string]string{"SDB_DATABASE_READ_TIMEOUT": "1500ms"}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	got := []time.Duration{cfg.DatabaseConnectTimeout, cfg.DatabaseReadTimeout, cfg.DatabaseWriteTimeout}
	want := []time.Duration{5 * time.Second, 1500 * time.Millisecond, 5 * time.Second}
	if !slices.Equal(got, want) {
		t.Errorf("connect, read and write timeouts = %v, want %v", got, want)
	}
}

func TestLoadMonitorRawRetention(t *testing.T) {
	for value, want := range map[string]time.Duration{"": 7 * 24 * time.Hour, "72h": 72 * time.Hour} {
		cfg, err := Load(env(map[string]string{"SDB_MONITOR_RAW_RETENTION": value}))
		if err != nil || cfg.MonitorRawRetention != want {
			t.Errorf("SDB_MONITOR_RAW_RETENTION=%q: got %s, %v; want %s", value, cfg.MonitorRawRetention, err, want)
		}
	}
}

func TestLoadErrorsNameTheVariable(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"bad bool", map[string]string{"SDB_AUTO_MIGRATE": "maybe"}, "SDB_AUTO_MIGRATE"},
		{"bad duration", map[string]string{"SDB_SESSION_IDLE_TIMEOUT": "soon"}, "SDB_SESSION_IDLE_TIMEOUT"},
		{"bad base url", map[string]string{"SDB_BASE_URL": "status.example.com"}, "SDB_BASE_URL"},
		{"unknown database scheme", map[string]string{"SDB_DATABASE_URL": "postgress://db/prod"}, "SDB_DATABASE_URL"},
		{"bad listen address", map[string]string{"SDB_LISTEN": "8080"}, "SDB_LISTEN"},
		{"bad redis url", map[string]string{"SDB_REDIS_URL": "localhost:6379"}, "SDB_REDIS_URL"},
		{"oidc without client", map[string]string{"SDB_OIDC_ISSUER_URL": "https://idp.example.com", "SDB_OIDC_OPERATOR_GROUPS": "ops"}, "SDB_OIDC_CLIENT_ID"},
		{"bad time zone", map[string]string{"SDB_TIME_ZONE": "Mars/Olympus"}, "SDB_TIME_ZONE"},
		{"bad trusted proxy", map[string]string{"SDB_TRUSTED_PROXIES": "10.0.0.0/8, proxy.example"}, "SDB_TRUSTED_PROXIES"},
		{"raw retention not a duration", map[string]string{"SDB_MONITOR_RAW_RETENTION": "7d"}, "SDB_MONITOR_RAW_RETENTION"},
		{"raw retention too short", map[string]string{"SDB_MONITOR_RAW_RETENTION": "1h"}, "SDB_MONITOR_RAW_RETENTION"},
		{"bad number", map[string]string{"SDB_API_WRITES_PER_MINUTE": "lots"}, "SDB_API_WRITES_PER_MINUTE"},
		{"negative shared-secret limit", map[string]string{"SDB_API_SECRET_WRITES_PER_MINUTE": "-1"}, "SDB_API_SECRET_WRITES_PER_MINUTE"},
		{"OIDC timeout not a duration", map[string]string{"SDB_OIDC_TIMEOUT": "soon"}, "SDB_OIDC_TIMEOUT"},
		{"OIDC timeout zero", map[string]string{"SDB_OIDC_TIMEOUT": "0s"}, "SDB_OIDC_TIMEOUT"},
		{"OIDC timeout negative", map[string]string{"SDB_OIDC_TIMEOUT": "-5s"}, "SDB_OIDC_TIMEOUT"},
		{"OIDC timeout too long", map[string]string{"SDB_OIDC_TIMEOUT": "2m"}, "SDB_OIDC_TIMEOUT"},
		{"bad connect timeout", map[string]string{"SDB_DATABASE_CONNECT_TIMEOUT": "5"}, "SDB_DATABASE_CONNECT_TIMEOUT"},
		{"zero read timeout", map[string]string{"SDB_DATABASE_READ_TIMEOUT": "0s"}, "SDB_DATABASE_READ_TIMEOUT"},
		{"negative write timeout", map[string]string{"SDB_DATABASE_WRITE_TIMEOUT": "-1s"}, "SDB_DATABASE_WRITE_TIMEOUT"},
		{"bad monitor worker switch", map[string]string{"SDB_MONITOR_WORKER": "sometimes"}, "SDB_MONITOR_WORKER"},
		{"zero monitor concurrency", map[string]string{"SDB_MONITOR_CONCURRENCY": "0"}, "SDB_MONITOR_CONCURRENCY"},
		{"negative per-host limit", map[string]string{"SDB_MONITOR_PER_HOST": "-1"}, "SDB_MONITOR_PER_HOST"},
		{"missing config file", map[string]string{"SDB_CONFIG": "/nonexistent/statusdash.yaml"}, "SDB_CONFIG"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(env(tt.env))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load error = %v, want one naming %s", err, tt.want)
			}
		})
	}
}

func TestLoadFileEnvironmentWins(t *testing.T) {
	path := filepath.Join(t.TempDir(), "statusdash.yaml")
	content := "title: From File\nlisten: 0.0.0.0:9000\noidc_admin_groups: [admins]\n"
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(env(map[string]string{"SDB_CONFIG": path, "SDB_LISTEN": "127.0.0.1:7000"}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if cfg.Title != "From File" || cfg.Listen != "127.0.0.1:7000" || len(cfg.OIDCAdminGroups) != 1 {
		t.Errorf("got title %q listen %q admins %v", cfg.Title, cfg.Listen, cfg.OIDCAdminGroups)
	}
}

func TestLoadFileRejectsUnknownKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), "statusdash.yaml")
	if err := os.WriteFile(path, []byte("lisen: x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(env(map[string]string{"SDB_CONFIG": path})); err == nil || !strings.Contains(err.Error(), "lisen") {
		t.Errorf("Load error = %v, want one naming the unknown key", err)
	}
}

func TestEnsureSecretKeyGeneratesOnceOnEmbedded(t *testing.T) {
	cfg := Defaults()
	cfg.InstanceDir = t.TempDir()
	if err := EnsureSecretKey(&cfg); err != nil {
		t.Fatalf("EnsureSecretKey: %v", err)
	}
	first := cfg.SecretKey
	if len(first) < 32 {
		t.Fatalf("generated key %q is too short", first)
	}
	again := Defaults()
	again.InstanceDir = cfg.InstanceDir
	if err := EnsureSecretKey(&again); err != nil || again.SecretKey != first {
		t.Errorf("second load = %q, %v; want the same key %q", again.SecretKey, err, first)
	}
}

// The documented example must load as it is.
func TestExampleConfigLoads(t *testing.T) {
	if _, err := Load(env(map[string]string{"SDB_CONFIG": "../../config/statusdash.example.yaml"})); err != nil {
		t.Fatalf("example config: %v", err)
	}
}
