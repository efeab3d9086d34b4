// Package config loads statusdash's settings once, from SDB_* environment
// variables and an optional YAML file, the environment winning.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/mail"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Config is every setting statusdash reads. Field tags name the YAML key;
// the environment variable is SDB_ plus the key in upper case.
type Config struct {
	Listen      string `yaml:"listen"`
	BaseURL     string `yaml:"base_url"`
	Title       string `yaml:"title"`
	DatabaseURL string `yaml:"database_url"`
	RedisURL    string `yaml:"redis_url"`
	// RedisPrefix starts every key statusdash writes, so installations can share a Redis.
	RedisPrefix string `yaml:"redis_prefix"`
	SecretKey   string `yaml:"secret_key"`
	InstanceDir string `yaml:"instance_dir"`
	Catalog     string `yaml:"catalog"`
	AutoMigrate bool   `yaml:"auto_migrate"`
	// TimeZone is the zone pages use until a reader picks another.
	TimeZone string `yaml:"time_zone"`
	// TrustedProxies are the addresses and CIDR ranges of the reverse
	// proxies in front of the server: from them X-Forwarded-For names the
	// client. Empty trusts no header: the client is the connection's peer.
	TrustedProxies []string `yaml:"trusted_proxies"`

	OIDCIssuerURL      string   `yaml:"oidc_issuer_url"`
	OIDCClientID       string   `yaml:"oidc_client_id"`
	OIDCClientSecret   string   `yaml:"oidc_client_secret"`
	OIDCRedirectURL    string   `yaml:"oidc_redirect_url"`
	OIDCGroupsClaim    string   `yaml:"oidc_groups_claim"`
	OIDCOperatorGroups []string `yaml:"oidc_operator_groups"`
	OIDCAdminGroups    []string `yaml:"oidc_admin_groups"`
	// OIDCTimeout bounds each request to the provider (discovery, keys, code
	// exchange, userinfo), so a hanging provider answers requests quickly.
	OIDCTimeout time.Duration `yaml:"oidc_timeout"`

	SessionIdleTimeout time.Duration `yaml:"session_idle_timeout"`
	SessionMaxAge      time.Duration `yaml:"session_max_age"`

	APISecret     string `yaml:"api_secret"`
	APIPayloadKey string `yaml:"api_payload_key"`
	// APIWritesPerMinute limits API writes per credential; 0 turns the limit off.
	APIWritesPerMinute int `yaml:"api_writes_per_minute"`
	// APISecretWritesPerMinute limits the API writes of every JWT signed with
	// the shared secret together; 0 turns the limit off.
	APISecretWritesPerMinute int `yaml:"api_secret_writes_per_minute"`

	// MonitorRawRetention is how long raw check results are kept; their
	// hourly and daily roll-ups stay 90 days and two years.
	MonitorRawRetention time.Duration `yaml:"monitor_raw_retention"`

	// DatabaseConnectTimeout bounds opening one database connection.
	DatabaseConnectTimeout time.Duration `yaml:"database_connect_timeout"`
	// DatabaseReadTimeout bounds each read, the wait for a connection included.
	DatabaseReadTimeout time.Duration `yaml:"database_read_timeout"`
	// DatabaseWriteTimeout bounds each write transaction, up to its commit.
	DatabaseWriteTimeout time.Duration `yaml:"database_write_timeout"`

	// MonitorWorker runs a monitoring worker (location local) inside serve.
	MonitorWorker bool `yaml:"monitor_worker"`
	// MonitorConcurrency bounds a worker's check runs in progress, and
	// MonitorPerHost those against one target host.
	MonitorConcurrency int `yaml:"monitor_concurrency"`
	MonitorPerHost     int `yaml:"monitor_per_host"`

	// SMTPURL is the mail server (smtps://, smtp:// with STARTTLS required,
	// or smtp://…?starttls=off); empty sends no mail. app/notify/mail parses it.
	SMTPURL  string `yaml:"smtp_url"`
	MailFrom string `yaml:"mail_from"`
	// WebhookAllowPrivate lets webhooks reach loopback, private and link-local addresses.
	WebhookAllowPrivate bool `yaml:"webhook_allow_private"`
	// NotifyMaintenanceReminder is how long before a maintenance window its
	// subscribers get a reminder; 0 sends none.
	NotifyMaintenanceReminder time.Duration `yaml:"notify_maintenance_reminder"`
	// NotifyMaxAttempts is how often a delivery is tried before it is kept
	// as failed, and NotifyWorkers how many one process sends at once.
	NotifyMaxAttempts int `yaml:"notify_max_attempts"`
	NotifyWorkers     int `yaml:"notify_workers"`

	// Branding: logo, accent colour, footer links, announcement, /embed framing (branding.go).
	Branding `yaml:",inline"`
}

// Defaults gives the embedded default: SQLite under instance/, in-process
// cache. Load derives BaseURL from Listen when neither the file nor the
// environment sets it; here it is that of the default Listen.
func Defaults() Config {
	return Config{
		Listen:             "127.0.0.1:8080",
		BaseURL:            "http://127.0.0.1:8080",
		Title:              "Service Status",
		DatabaseURL:        "instance/statusdash.db",
		RedisPrefix:        "statusdash:",
		InstanceDir:        "instance",
		Catalog:            "instance/catalog.yaml",
		AutoMigrate:        true,
		TimeZone:           "UTC",
		OIDCGroupsClaim:    "groups",
		OIDCTimeout:        5 * time.Second,
		SessionIdleTimeout: 2 * time.Hour,
		SessionMaxAge:      12 * time.Hour,
		APIPayloadKey:      "stackmon",
		APIWritesPerMinute: 600,
		// One monitoring system may report for every component: 50 writes a
		// second, e.g. 1,000 components every 20 s.
		APISecretWritesPerMinute: 3000,
		// store.DefaultRawRetention.
		MonitorRawRetention: 7 * 24 * time.Hour,

		// store.DefaultTimeouts; config imports no store.
		DatabaseConnectTimeout: 5 * time.Second,
		DatabaseReadTimeout:    2 * time.Second,
		DatabaseWriteTimeout:   5 * time.Second,

		NotifyMaintenanceReminder: 24 * time.Hour,
		NotifyMaxAttempts:         8,
		NotifyWorkers:             100,

		MonitorWorker:      true,
		MonitorConcurrency: 256,
		MonitorPerHost:     8,
	}
}

// FieldError names the variable whose value is wrong.
type FieldError struct {
	Variable string
	Problem  string
}

func (e *FieldError) Error() string { return e.Variable + ": " + e.Problem }

// Load reads the YAML file named by SDB_CONFIG (or config/statusdash.yaml when
// present), then the SDB_* variables through getenv, and validates the result.
func Load(getenv func(string) string) (Config, error) {
	cfg := Defaults()
	cfg.BaseURL = "" // from the listen address below, unless the file or the environment gives it
	if err := loadFile(&cfg, getenv("SDB_CONFIG")); err != nil {
		return Config{}, err
	}
	var errs []error
	for _, field := range fields(&cfg) {
		value := getenv(field.variable)
		if value == "" {
			continue
		}
		if err := field.set(value); err != nil {
			errs = append(errs, &FieldError{Variable: field.variable, Problem: err.Error()})
		}
	}
	if err := errors.Join(errs...); err != nil {
		return Config{}, err
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = listenBaseURL(cfg.Listen)
	}
	if cfg.OIDCRedirectURL == "" && cfg.BaseURL != "" {
		cfg.OIDCRedirectURL = strings.TrimSuffix(cfg.BaseURL, "/") + "/auth/callback"
	}
	cfg.BaseURL = strings.TrimSuffix(cfg.BaseURL, "/")
	if err := cfg.Validate(); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

func loadFile(cfg *Config, path string) error {
	explicit := path != ""
	if !explicit {
		path = "config/statusdash.yaml"
	}
	content, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && !explicit {
		return nil
	}
	if err != nil {
		return &FieldError{Variable: "SDB_CONFIG", Problem: err.Error()}
	}
	decoder := yaml.NewDecoder(bytes.NewReader(content))
	decoder.KnownFields(true)
	if err := decoder.Decode(cfg); err != nil && !errors.Is(err, io.EOF) { // io.EOF: an empty file
		return &FieldError{Variable: "SDB_CONFIG", Problem: fmt.Sprintf("%s: %v", path, err)}
	}
	return nil
}

// Validate checks the settings that depend on each other.
func (c Config) Validate() error {
	var errs []error
	fail := func(variable, format string, args ...any) {
		errs = append(errs, &FieldError{Variable: variable, Problem: fmt.Sprintf(format, args...)})
	}
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		fail("SDB_LISTEN", "must be an address such as 127.0.0.1:8080 or :8080, got %q", c.Listen)
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		fail("SDB_BASE_URL", "must be an absolute http or https URL, got %q", c.BaseURL)
	}
	if c.DatabaseURL == "" {
		fail("SDB_DATABASE_URL", "must not be empty")
	}
	// The schemes store.ParseDatabaseURL opens; config imports no store.
	if scheme, _, found := strings.Cut(c.DatabaseURL, "://"); found && !slices.Contains([]string{"postgres", "postgresql", "sqlite"}, scheme) {
		if strings.ContainsAny(scheme, ":@/") {
			scheme = "?" // never repeat what may hold a password
		}
		fail("SDB_DATABASE_URL", "unknown scheme %q: want postgres://, postgresql://, sqlite:// or a SQLite file path", scheme+"://")
	}
	if c.RedisURL != "" && !strings.HasPrefix(c.RedisURL, "redis://") && !strings.HasPrefix(c.RedisURL, "rediss://") && !strings.HasPrefix(c.RedisURL, "unix://") {
		fail("SDB_REDIS_URL", "must start with redis://, rediss:// or unix://")
	}
	if c.SecretKey != "" && len(c.SecretKey) < 16 {
		fail("SDB_SECRET_KEY", "must be at least 16 characters")
	}
	if _, err := time.LoadLocation(c.TimeZone); err != nil {
		fail("SDB_TIME_ZONE", "unknown time zone %q", c.TimeZone)
	}
	if _, err := c.TrustedProxyRanges(); err != nil {
		fail("SDB_TRUSTED_PROXIES", "%v", err)
	}
	if c.OIDCIssuerURL != "" {
		if c.OIDCClientID == "" {
			fail("SDB_OIDC_CLIENT_ID", "is required when SDB_OIDC_ISSUER_URL is set")
		}
		if u, err := url.Parse(c.OIDCIssuerURL); err != nil || u.Host == "" {
			fail("SDB_OIDC_ISSUER_URL", "must be an absolute URL, got %q", c.OIDCIssuerURL)
		}
		if len(c.OIDCOperatorGroups) == 0 && len(c.OIDCAdminGroups) == 0 {
			fail("SDB_OIDC_OPERATOR_GROUPS", "name at least one operator or admin group when OpenID Connect is on")
		}
	}
	if c.OIDCTimeout <= 0 || c.OIDCTimeout > time.Minute {
		fail("SDB_OIDC_TIMEOUT", "must be more than 0 and at most 1m (e.g. 5s), got %s", c.OIDCTimeout)
	}
	if c.OIDCGroupsClaim == "" {
		fail("SDB_OIDC_GROUPS_CLAIM", "must not be empty")
	}
	if c.SessionIdleTimeout <= 0 {
		fail("SDB_SESSION_IDLE_TIMEOUT", "must be positive")
	}
	if c.SessionMaxAge < c.SessionIdleTimeout {
		fail("SDB_SESSION_MAX_AGE", "must be at least SDB_SESSION_IDLE_TIMEOUT")
	}
	if c.APIWritesPerMinute < 0 {
		fail("SDB_API_WRITES_PER_MINUTE", "must not be negative")
	}
	if c.APISecretWritesPerMinute < 0 {
		fail("SDB_API_SECRET_WRITES_PER_MINUTE", "must not be negative")
	}
	if c.MonitorConcurrency < 1 {
		fail("SDB_MONITOR_CONCURRENCY", "must be at least 1, got %d", c.MonitorConcurrency)
	}
	if c.MonitorPerHost < 1 {
		fail("SDB_MONITOR_PER_HOST", "must be at least 1, got %d", c.MonitorPerHost)
	}
	if c.APIPayloadKey == "" {
		fail("SDB_API_PAYLOAD_KEY", "must not be empty")
	}
	// The full check is mail.ParseURL's when the sender is built; config imports no notify.
	if c.SMTPURL != "" && !strings.HasPrefix(c.SMTPURL, "smtp://") && !strings.HasPrefix(c.SMTPURL, "smtps://") {
		fail("SDB_SMTP_URL", "must start with smtps:// (implicit TLS) or smtp:// (STARTTLS, or plain with ?starttls=off)")
	}
	if c.SMTPURL != "" && c.MailFrom == "" {
		fail("SDB_MAIL_FROM", "is required when SDB_SMTP_URL is set (e.g. \"Status <status@example.com>\")")
	}
	if c.MailFrom != "" {
		if _, err := mail.ParseAddress(c.MailFrom); err != nil {
			fail("SDB_MAIL_FROM", "must be a mail address such as \"Status <status@example.com>\", got %q", c.MailFrom)
		}
	}
	timeouts := []struct {
		variable string
		value    time.Duration
	}{
		{"SDB_DATABASE_CONNECT_TIMEOUT", c.DatabaseConnectTimeout},
		{"SDB_DATABASE_READ_TIMEOUT", c.DatabaseReadTimeout},
		{"SDB_DATABASE_WRITE_TIMEOUT", c.DatabaseWriteTimeout},
	}
	for _, timeout := range timeouts {
		if timeout.value < time.Millisecond {
			fail(timeout.variable, "must be a duration of at least 1ms, got %s", timeout.value)
		}
	}
	if c.NotifyMaintenanceReminder < 0 {
		fail("SDB_NOTIFY_MAINTENANCE_REMINDER", "must be a duration of 0 (no reminder) or more, got %s", c.NotifyMaintenanceReminder)
	}
	if c.NotifyMaxAttempts < 1 {
		fail("SDB_NOTIFY_MAX_ATTEMPTS", "must be at least 1, got %d", c.NotifyMaxAttempts)
	}
	if c.NotifyWorkers < 1 {
		fail("SDB_NOTIFY_WORKERS", "must be at least 1, got %d", c.NotifyWorkers)
	}
	// Raw results must outlive the two hours the roll-ups recompute.
	if c.MonitorRawRetention < 3*time.Hour {
		fail("SDB_MONITOR_RAW_RETENTION", "must be a duration of at least 3h (e.g. 168h for 7 days), got %s", c.MonitorRawRetention)
	}
	errs = append(errs, c.validateBranding()...)
	return errors.Join(errs...)
}

// listenBaseURL is the URL a server listening on listen answers at, the
// base URL of an installation that sets none: the listen address, with
// localhost for one on every interface (0.0.0.0, [::] or no host).
func listenBaseURL(listen string) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return "" // Validate names SDB_LISTEN
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// Embedded reports whether the database is a SQLite file (the embedded default).
func (c Config) Embedded() bool {
	return !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://")
}

// OIDCEnabled reports whether operators can sign in.
func (c Config) OIDCEnabled() bool { return c.OIDCIssuerURL != "" }

// Location is the default display time zone.
func (c Config) Location() *time.Location {
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// APISigningSecret is the secret API JWTs are signed with.
func (c Config) APISigningSecret() string {
	if c.APISecret != "" {
		return c.APISecret
	}
	return c.SecretKey
}

type field struct {
	variable string
	set      func(string) error
}

func fields(c *Config) []field {
	str := func(name string, p *string) field {
		return field{name, func(v string) error { *p = v; return nil }}
	}
	list := func(name string, p *[]string) field {
		return field{name, func(v string) error { *p = splitList(v); return nil }}
	}
	boolean := func(name string, p *bool) field {
		return field{name, func(v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("must be true or false, got %q", v)
			}
			*p = b
			return nil
		}}
	}
	integer := func(name string, p *int) field {
		return field{name, func(v string) error {
			n, err := strconv.Atoi(v)
			if err != nil {
				return fmt.Errorf("must be a whole number, got %q", v)
			}
			*p = n
			return nil
		}}
	}
	duration := func(name string, p *time.Duration) field {
		return field{name, func(v string) error {
			d, err := time.ParseDuration(v)
			if err != nil {
				return fmt.Errorf("must be a duration such as 30m or 8h, got %q", v)
			}
			*p = d
			return nil
		}}
	}
	return append([]field{
		str("SDB_LISTEN", &c.Listen),
		str("SDB_BASE_URL", &c.BaseURL),
		str("SDB_TITLE", &c.Title),
		str("SDB_DATABASE_URL", &c.DatabaseURL),
		str("SDB_REDIS_URL", &c.RedisURL),
		str("SDB_REDIS_PREFIX", &c.RedisPrefix),
		str("SDB_SECRET_KEY", &c.SecretKey),
		str("SDB_INSTANCE_DIR", &c.InstanceDir),
		str("SDB_CATALOG", &c.Catalog),
		boolean("SDB_AUTO_MIGRATE", &c.AutoMigrate),
		str("SDB_TIME_ZONE", &c.TimeZone),
		list("SDB_TRUSTED_PROXIES", &c.TrustedProxies),
		str("SDB_OIDC_ISSUER_URL", &c.OIDCIssuerURL),
		str("SDB_OIDC_CLIENT_ID", &c.OIDCClientID),
		str("SDB_OIDC_CLIENT_SECRET", &c.OIDCClientSecret),
		str("SDB_OIDC_REDIRECT_URL", &c.OIDCRedirectURL),
		str("SDB_OIDC_GROUPS_CLAIM", &c.OIDCGroupsClaim),
		list("SDB_OIDC_OPERATOR_GROUPS", &c.OIDCOperatorGroups),
		list("SDB_OIDC_ADMIN_GROUPS", &c.OIDCAdminGroups),
		duration("SDB_OIDC_TIMEOUT", &c.OIDCTimeout),
		duration("SDB_SESSION_IDLE_TIMEOUT", &c.SessionIdleTimeout),
		duration("SDB_SESSION_MAX_AGE", &c.SessionMaxAge),
		str("SDB_API_SECRET", &c.APISecret),
		str("SDB_API_PAYLOAD_KEY", &c.APIPayloadKey),
		integer("SDB_API_WRITES_PER_MINUTE", &c.APIWritesPerMinute),
		integer("SDB_API_SECRET_WRITES_PER_MINUTE", &c.APISecretWritesPerMinute),
		duration("SDB_MONITOR_RAW_RETENTION", &c.MonitorRawRetention),
		duration("SDB_DATABASE_CONNECT_TIMEOUT", &c.DatabaseConnectTimeout),
		duration("SDB_DATABASE_READ_TIMEOUT", &c.DatabaseReadTimeout),
		duration("SDB_DATABASE_WRITE_TIMEOUT", &c.DatabaseWriteTimeout),
		boolean("SDB_MONITOR_WORKER", &c.MonitorWorker),
		integer("SDB_MONITOR_CONCURRENCY", &c.MonitorConcurrency),
		integer("SDB_MONITOR_PER_HOST", &c.MonitorPerHost),
		str("SDB_SMTP_URL", &c.SMTPURL),
		str("SDB_MAIL_FROM", &c.MailFrom),
		boolean("SDB_WEBHOOK_ALLOW_PRIVATE", &c.WebhookAllowPrivate),
		duration("SDB_NOTIFY_MAINTENANCE_REMINDER", &c.NotifyMaintenanceReminder),
		integer("SDB_NOTIFY_MAX_ATTEMPTS", &c.NotifyMaxAttempts),
		integer("SDB_NOTIFY_WORKERS", &c.NotifyWorkers),
	}, c.Branding.fields()...)
}

// Variables lists every environment variable Load reads, for the README and --help.
func Variables() []string {
	var c Config
	names := []string{"SDB_CONFIG"}
	for _, f := range fields(&c) {
		names = append(names, f.variable)
	}
	return names
}

func splitList(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' })
}

// TrustedProxyRanges parses TrustedProxies: a CIDR range (10.0.0.0/8) or
// one address (192.0.2.7, a /32 or /128).
func (c Config) TrustedProxyRanges() ([]*net.IPNet, error) {
	ranges := make([]*net.IPNet, 0, len(c.TrustedProxies))
	for _, entry := range c.TrustedProxies {
		if ip := net.ParseIP(entry); ip != nil {
			bits := 8 * net.IPv6len
			if ip.To4() != nil {
				ip, bits = ip.To4(), 8*net.IPv4len
			}
			ranges = append(ranges, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
			continue
		}
		_, network, err := net.ParseCIDR(entry)
		if err != nil {
			return nil, fmt.Errorf("%q is neither an address nor a CIDR range such as 10.0.0.0/8", entry)
		}
		ranges = append(ranges, network)
	}
	return ranges, nil
}
