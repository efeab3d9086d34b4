// Package auth signs operators in through OpenID Connect, keeps their
// sessions server-side in the shared cache and guards forms against CSRF.
package auth

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/cache"
	"statusdash/app/config"
)

const (
	// SessionCookie holds the random session id.
	SessionCookie = "sdb_session"
	// loginCookie ties a sign-in in progress to the browser that started it.
	loginCookie = "sdb_login"
	// anonCSRFCookie carries the double-submit secret for forms shown to anonymous readers.
	anonCSRFCookie = "sdb_csrf"
	// loginTTL bounds how long a person may take at the provider.
	loginTTL = 10 * time.Minute
	// CSRFFieldName is the form field (and X-CSRF-Token the header) carrying the token.
	CSRFFieldName  = "csrf_token"
	csrfHeaderName = "X-CSRF-Token"
	contextKey     = "auth.session"
)

// NotEnabledMessage is what a visitor reads at /login and /manage when sign-in
// is not configured: a 404, with no word about configuration.
const NotEnabledMessage = "Sign-in is not enabled on this page."

// NotConfiguredMessage tells an administrator how to turn sign-in on; it is
// logged at start, never shown to visitors.
const NotConfiguredMessage = "Operator sign-in is not configured. Set SDB_OIDC_ISSUER_URL, " +
	"SDB_OIDC_CLIENT_ID, SDB_OIDC_CLIENT_SECRET and SDB_OIDC_OPERATOR_GROUPS (or SDB_OIDC_ADMIN_GROUPS), " +
	"register <base URL>/auth/callback as the redirect URL at the provider, and restart."

// ProviderUnreachableMessage is the sign-in pages' answer while the provider does not answer.
const ProviderUnreachableMessage = "The sign-in provider is unreachable right now, so operators cannot sign in; " +
	"the public pages are not affected. Try again in a minute."

// Auth holds the sign-in flow, the session store and the CSRF secret.
type Auth struct {
	cfg      config.Config
	logger   *slog.Logger
	sessions sessionStore
	secure   bool
	csrfKey  []byte
	provider *Provider
	now      func() time.Time
}

// New builds Auth from the configuration; OIDC discovery happens on the
// first sign-in (or at Discover), so a provider that is down does not stop
// the public pages.
func New(cfg config.Config, sessions cache.Cache, logger *slog.Logger) (*Auth, error) {
	if sessions == nil {
		return nil, errors.New("auth: a cache for sessions is required")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if len(cfg.SecretKey) < 16 {
		return nil, errors.New("auth: SDB_SECRET_KEY must be set (at least 16 characters) to sign CSRF tokens")
	}
	if cfg.SessionIdleTimeout <= 0 || cfg.SessionMaxAge <= 0 {
		return nil, errors.New("auth: SDB_SESSION_IDLE_TIMEOUT and SDB_SESSION_MAX_AGE must be positive")
	}
	if cfg.OIDCGroupsClaim == "" {
		cfg.OIDCGroupsClaim = "groups"
	}
	if cfg.OIDCRedirectURL == "" {
		cfg.OIDCRedirectURL = strings.TrimSuffix(cfg.BaseURL, "/") + "/auth/callback"
	}
	return &Auth{
		cfg:      cfg,
		logger:   logger,
		sessions: sessionStore{cache: sessions, idle: cfg.SessionIdleTimeout, maxAge: cfg.SessionMaxAge},
		secure:   strings.HasPrefix(strings.ToLower(cfg.BaseURL), "https://"),
		csrfKey:  deriveKey(cfg.SecretKey, "statusdash csrf v1"),
		provider: NewProvider(cfg, logger),
		now:      time.Now,
	}, nil
}

// Provider is the OpenID Connect issuer sign-in uses, for the API to check
// access tokens against the same discovery and key cache.
func (a *Auth) Provider() *Provider { return a.provider }

// unreachable answers a sign-in step that needed the provider and could not
// reach it: 503, telling when to try again.
func (a *Auth) unreachable(c echo.Context, hint string) error {
	c.Response().Header().Set("Retry-After", strconv.Itoa(int(discoveryRetryInterval/time.Second)))
	return echo.NewHTTPError(http.StatusServiceUnavailable, ProviderUnreachableMessage+hint)
}

// Enabled reports whether OpenID Connect sign-in is configured.
func (a *Auth) Enabled() bool { return a.cfg.OIDCEnabled() }

// cookie builds a cookie with the attributes every auth cookie shares; a
// maxAge of 0 makes it last until the browser closes.
func (a *Auth) cookie(name, value string, maxAge time.Duration) *http.Cookie {
	c := &http.Cookie{
		Name:     name,
		Value:    value,
		Path:     "/",
		HttpOnly: true,
		Secure:   a.secure,
		SameSite: http.SameSiteLaxMode,
	}
	if maxAge > 0 {
		c.MaxAge = int(maxAge / time.Second)
	}
	return c
}

// clearCookie tells the browser to drop the cookie now.
func (a *Auth) clearCookie(name string) *http.Cookie {
	c := a.cookie(name, "", 0)
	c.MaxAge = -1
	return c
}
