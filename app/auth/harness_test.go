package auth

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/oauth2-proxy/mockoidc"

	"statusdash/app/auth/oidctest"
	"statusdash/app/cache"
	"statusdash/app/cache/cachetest"
	"statusdash/app/config"
)

const testClientID = oidctest.ClientID

// eachCache runs fn on the in-process cache and, when SDB_TEST_REDIS_URL is
// set, on Redis under a random prefix.
func eachCache(t *testing.T, fn func(t *testing.T, sessions cache.Cache)) {
	t.Helper()
	t.Run("memory", func(t *testing.T) {
		memory := cache.NewMemory()
		t.Cleanup(func() { _ = memory.Close() })
		fn(t, memory)
	})
	t.Run("redis", func(t *testing.T) {
		fn(t, openTestRedis(t))
	})
}

func openTestRedis(t *testing.T) cache.Cache {
	t.Helper()
	return cachetest.OpenRedis(t, "auth")
}

var (
	operator = oidctest.User{Subject: "op-1", Name: "Olga Operator", Email: "olga@example.org", Groups: []any{"/ops", "/staff"}}
	admin    = oidctest.User{Subject: "ad-1", Name: "Ada Admin", Email: "ada@example.org", Groups: "status-admins"}
	outsider = oidctest.User{Subject: "mk-1", Name: "Mark Eting", Email: "mark@example.org", Groups: []any{"/marketing"}}
)

// rewriteParam makes the provider see value for a request parameter, as if
// the client had sent it.
func rewriteParam(endpoint, param, from, to string) oidctest.Option {
	return oidctest.Middleware(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, endpoint) && r.ParseForm() == nil {
				if from == "" || r.Form.Get(param) == from {
					r.Form.Set(param, to)
				}
			}
			next.ServeHTTP(w, r)
		})
	})
}

// app is one statusdash process: Auth wired into Echo the way the web
// package wires it, behind a real HTTP server.
type app struct {
	auth    *Auth
	server  *httptest.Server
	actions atomic.Int64
	clock   *testClock
}

type testClock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
}

func testConfig(issuer string) config.Config {
	cfg := config.Defaults()
	cfg.SecretKey = "test-secret-key-0123456789"
	cfg.OIDCIssuerURL = issuer
	cfg.OIDCClientID = testClientID
	cfg.OIDCClientSecret = oidctest.ClientSecret
	cfg.OIDCOperatorGroups = []string{"ops"}
	cfg.OIDCAdminGroups = []string{"/status-admins"}
	cfg.SessionIdleTimeout = time.Hour
	cfg.SessionMaxAge = 3 * time.Hour
	return cfg
}

// startApp serves Auth for cfg; BaseURL and the redirect URL follow the server's address.
func startApp(t *testing.T, cfg config.Config, sessions cache.Cache) *app {
	t.Helper()
	a := &app{clock: &testClock{}}
	var handler http.Handler = http.NotFoundHandler()
	a.server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handler.ServeHTTP(w, r)
	}))
	t.Cleanup(a.server.Close)
	cfg.BaseURL = a.server.URL
	cfg.OIDCRedirectURL = a.server.URL + "/auth/callback"
	auth, err := New(cfg, sessions, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	auth.now = a.clock.now
	a.auth = auth

	e := echo.New()
	e.Use(auth.LoadSession, auth.CSRF)
	e.GET("/", func(c echo.Context) error {
		name := "anonymous"
		if user, ok := CurrentUser(c); ok {
			name = user.Email
		}
		return c.String(http.StatusOK, "home "+name+" csrf="+auth.CSRFToken(c))
	})
	e.POST("/preferences", func(c echo.Context) error { return c.Redirect(http.StatusSeeOther, "/") })
	e.GET("/login", auth.Login)
	e.GET("/auth/callback", auth.Callback)
	e.POST("/logout", auth.Logout)
	ops := e.Group("/ops", auth.RequireRole(RoleOperator))
	ops.GET("", func(c echo.Context) error {
		user, _ := CurrentUser(c)
		return c.String(http.StatusOK, fmt.Sprintf("ops %s role=%s csrf=%s", user.Email, user.Role, auth.CSRFToken(c)))
	})
	ops.POST("/act", func(c echo.Context) error {
		a.actions.Add(1)
		return c.Redirect(http.StatusSeeOther, "/ops")
	})
	e.Group("/admin", auth.RequireRole(RoleAdmin)).GET("", func(c echo.Context) error {
		return c.String(http.StatusOK, "admin")
	})
	handler = e
	return a
}

// browser is a cookie-keeping client that does not follow redirects, so
// each hop can be checked.
type browser struct {
	t      *testing.T
	client *http.Client
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatalf("cookiejar: %v", err)
	}
	return &browser{t: t, client: &http.Client{
		Jar:           jar,
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

type reply struct {
	status   int
	location string
	body     string
}

func (b *browser) get(rawURL string) reply {
	b.t.Helper()
	return b.do(http.MethodGet, rawURL, nil)
}

func (b *browser) post(rawURL string, form url.Values) reply {
	b.t.Helper()
	return b.do(http.MethodPost, rawURL, form)
}

func (b *browser) do(method, rawURL string, form url.Values) reply {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, rawURL, body)
	if err != nil {
		b.t.Fatalf("request %s %s: %v", method, rawURL, err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, rawURL, err)
	}
	defer resp.Body.Close()
	content, _ := io.ReadAll(resp.Body)
	return reply{status: resp.StatusCode, location: resp.Header.Get("Location"), body: string(content)}
}

func (b *browser) cookie(base, name string) *http.Cookie {
	u, _ := url.Parse(base)
	for _, c := range b.client.Jar.Cookies(u) {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func (b *browser) setCookie(base string, cookie *http.Cookie) {
	u, _ := url.Parse(base)
	b.client.Jar.SetCookies(u, []*http.Cookie{cookie})
}

// startSignIn goes to /login and through the provider, returning the
// callback URL the provider sent the browser to (not yet visited).
func (a *app) startSignIn(b *browser, idp *oidctest.Provider, user mockoidc.User, next string) string {
	b.t.Helper()
	idp.QueueUser(user)
	login := b.get(a.server.URL + "/login?next=" + url.QueryEscape(next))
	if login.status != http.StatusSeeOther || !strings.HasPrefix(login.location, idp.AuthorizationEndpoint()) {
		b.t.Fatalf("GET /login = %d to %q, want 303 to the provider", login.status, login.location)
	}
	authorize := b.get(login.location)
	if authorize.status != http.StatusFound || !strings.HasPrefix(authorize.location, a.server.URL+"/auth/callback?") {
		b.t.Fatalf("provider authorize = %d to %q (%s), want 302 to the callback", authorize.status, authorize.location, authorize.body)
	}
	return authorize.location
}

// signIn runs a whole sign-in and returns where the callback sent the browser.
func (a *app) signIn(b *browser, idp *oidctest.Provider, user mockoidc.User, next string) reply {
	b.t.Helper()
	return b.get(a.startSignIn(b, idp, user, next))
}

// csrfFrom reads the token the test pages print after "csrf=".
func csrfFrom(t *testing.T, body string) string {
	t.Helper()
	_, token, ok := strings.Cut(body, "csrf=")
	if !ok || token == "" {
		t.Fatalf("no csrf token in %q", body)
	}
	return token
}
