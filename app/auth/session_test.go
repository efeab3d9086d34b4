package auth

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"statusdash/app/auth/oidctest"
	"statusdash/app/cache"
)

func TestSessionLifetimes(t *testing.T) {
	eachCache(t, func(t *testing.T, sessions cache.Cache) {
		idp := oidctest.Start(t)
		tests := []struct {
			name  string
			steps []time.Duration // clock moves before each GET /ops
			want  []int
		}{
			{"sliding idle timeout keeps an active session", []time.Duration{50 * time.Minute, 50 * time.Minute}, []int{http.StatusOK, http.StatusOK}},
			{"idle past the timeout", []time.Duration{61 * time.Minute}, []int{http.StatusSeeOther}},
			{"active but past the absolute lifetime", []time.Duration{55 * time.Minute, 55 * time.Minute, 55 * time.Minute, 20 * time.Minute}, []int{http.StatusOK, http.StatusOK, http.StatusOK, http.StatusSeeOther}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				a := startApp(t, testConfig(idp.Issuer()), clockedCache{Cache: sessions})
				b := newBrowser(t)
				a.signIn(b, idp, operator, "/ops")
				for i, step := range tt.steps {
					a.clock.advance(step)
					if r := b.get(a.server.URL + "/ops"); r.status != tt.want[i] {
						t.Fatalf("step %d (+%v): GET /ops = %d, want %d", i, step, r.status, tt.want[i])
					}
				}
			})
		}
	})
}

// clockedCache stands for a cache whose own expiry has not struck yet, so
// the tests see the lifetimes Auth enforces itself with its clock.
type clockedCache struct{ cache.Cache }

func (c clockedCache) Set(ctx context.Context, key string, value []byte, _ time.Duration) error {
	return c.Cache.Set(ctx, key, value, time.Hour*24)
}

func TestForgedSessionCookies(t *testing.T) {
	idp := oidctest.Start(t)
	memory := cache.NewMemory()
	t.Cleanup(func() { _ = memory.Close() })
	a := startApp(t, testConfig(idp.Issuer()), memory)
	valid, err := randomToken()
	if err != nil {
		t.Fatal(err)
	}
	for _, value := range []string{valid, "abc", strings.Repeat("A", 43), "%00%ff", strings.Repeat("x", 3000)} {
		b := newBrowser(t)
		b.setCookie(a.server.URL, &http.Cookie{Name: SessionCookie, Value: value, Path: "/"})
		if r := b.get(a.server.URL + "/ops"); r.status != http.StatusSeeOther {
			t.Errorf("cookie %.20q: GET /ops = %d, want 303 to sign-in", value, r.status)
		}
		if r := b.get(a.server.URL + "/"); r.status != http.StatusOK || !strings.Contains(r.body, "anonymous") {
			t.Errorf("cookie %.20q: GET / = %d %q, want 200 anonymous", value, r.status, r.body)
		}
		if r := b.post(a.server.URL+"/ops/act", url.Values{CSRFFieldName: {"x"}}); r.status != http.StatusForbidden {
			t.Errorf("cookie %.20q: POST = %d, want 403", value, r.status)
		}
	}
	if got := a.actions.Load(); got != 0 {
		t.Errorf("actions = %d, want 0", got)
	}
}

// Two serve processes sharing one cache share sessions.
func TestSessionsSharedAcrossProcesses(t *testing.T) {
	eachCache(t, func(t *testing.T, sessions cache.Cache) {
		idp := oidctest.Start(t)
		first := startApp(t, testConfig(idp.Issuer()), sessions)
		second := startApp(t, testConfig(idp.Issuer()), sessions)
		b := newBrowser(t)
		first.signIn(b, idp, operator, "/ops")
		session := b.cookie(first.server.URL, SessionCookie)
		// Both test servers are on 127.0.0.1, so the jar already sends the
		// cookie to the second; set it explicitly all the same.
		b.setCookie(second.server.URL, session)
		page := b.get(second.server.URL + "/ops")
		if page.status != http.StatusOK || !strings.Contains(page.body, "olga@example.org") {
			t.Fatalf("second process GET /ops = %d %q, want 200 as the operator", page.status, page.body)
		}
		if r := b.post(second.server.URL+"/logout", url.Values{CSRFFieldName: {csrfFrom(t, page.body)}}); r.status != http.StatusSeeOther {
			t.Fatalf("logout on the second process = %d, want 303", r.status)
		}
		b.setCookie(first.server.URL, session)
		if r := b.get(first.server.URL + "/ops"); r.status != http.StatusSeeOther {
			t.Errorf("first process after logout on the second = %d, want 303", r.status)
		}
	})
}

func TestLoginWithoutOIDC(t *testing.T) {
	memory := cache.NewMemory()
	t.Cleanup(func() { _ = memory.Close() })
	a := startApp(t, testConfig(""), memory)
	b := newBrowser(t)
	for _, path := range []string{"/login", "/auth/callback?code=x&state=y"} {
		r := b.get(a.server.URL + path)
		if r.status != http.StatusNotFound || !strings.Contains(r.body, NotEnabledMessage) || strings.Contains(r.body, "SDB_") {
			t.Errorf("GET %s = %d %q, want 404 saying sign-in is not enabled, naming no variable", path, r.status, r.body)
		}
	}
	if a.auth.Enabled() {
		t.Error("Enabled() = true without an issuer")
	}
}

func TestDiscoverUnreachableProvider(t *testing.T) {
	memory := cache.NewMemory()
	t.Cleanup(func() { _ = memory.Close() })
	a := startApp(t, testConfig("http://127.0.0.1:1/realms/none"), memory)
	b := newBrowser(t)
	if r := b.get(a.server.URL + "/login"); r.status != http.StatusServiceUnavailable {
		t.Errorf("GET /login with the provider down = %d, want 503", r.status)
	}
}

func TestAnonymousCSRF(t *testing.T) {
	memory := cache.NewMemory()
	t.Cleanup(func() { _ = memory.Close() })
	a := startApp(t, testConfig(""), memory)
	b := newBrowser(t)
	token := csrfFrom(t, b.get(a.server.URL+"/").body)
	if again := csrfFrom(t, b.get(a.server.URL+"/").body); again != token {
		t.Errorf("token changed between pages: %q then %q", token, again)
	}
	other := newBrowser(t)
	otherToken := csrfFrom(t, other.get(a.server.URL+"/").body)
	tests := []struct {
		name   string
		form   url.Values
		header string
		want   int
	}{
		{"valid token", url.Values{CSRFFieldName: {token}}, "", http.StatusSeeOther},
		{"valid token in header", url.Values{}, token, http.StatusSeeOther},
		{"missing token", url.Values{}, "", http.StatusForbidden},
		{"another browser's token", url.Values{CSRFFieldName: {otherToken}}, "", http.StatusForbidden},
		{"the cookie value itself", url.Values{CSRFFieldName: {b.cookie(a.server.URL, anonCSRFCookie).Value}}, "", http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, a.server.URL+"/preferences", strings.NewReader(tt.form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tt.header != "" {
				req.Header.Set(csrfHeaderName, tt.header)
			}
			resp, err := b.client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("POST = %d, want %d", resp.StatusCode, tt.want)
			}
		})
	}
	// A browser without the cookie cannot post at all.
	if r := newBrowser(t).post(a.server.URL+"/preferences", url.Values{CSRFFieldName: {token}}); r.status != http.StatusForbidden {
		t.Errorf("token without its cookie = %d, want 403", r.status)
	}
}

func TestSessionCookieAttributes(t *testing.T) {
	tests := []struct {
		baseURL    string
		wantSecure bool
	}{
		{"http://127.0.0.1:8080", false},
		{"https://status.example.org", true},
	}
	for _, tt := range tests {
		cfg := testConfig("")
		cfg.BaseURL = tt.baseURL
		auth, err := New(cfg, cache.NewMemory(), nil)
		if err != nil {
			t.Fatal(err)
		}
		c := auth.cookie(SessionCookie, "v", time.Hour)
		if c.Secure != tt.wantSecure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" {
			t.Errorf("%s: cookie %+v, want HttpOnly, SameSite=Lax, Path=/, Secure=%v", tt.baseURL, c, tt.wantSecure)
		}
	}
}
