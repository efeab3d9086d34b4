package auth

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"statusdash/app/auth/oidctest"
	"statusdash/app/cache"
)

func TestSignInCompleteFlow(t *testing.T) {
	eachCache(t, func(t *testing.T, sessions cache.Cache) {
		idp := oidctest.Start(t)
		a := startApp(t, testConfig(idp.Issuer()), sessions)
		b := newBrowser(t)

		if r := b.get(a.server.URL + "/ops?tab=open"); r.status != http.StatusSeeOther || r.location != "/login?next=%2Fops%3Ftab%3Dopen" {
			t.Fatalf("anonymous GET /ops = %d to %q, want 303 to /login?next=...", r.status, r.location)
		}

		idp.QueueUser(operator)
		login := b.get(a.server.URL + "/login?next=/ops")
		authorizeURL, err := url.Parse(login.location)
		if err != nil {
			t.Fatalf("login location %q: %v", login.location, err)
		}
		query := authorizeURL.Query()
		for param, want := range map[string]string{"code_challenge_method": "S256", "client_id": testClientID, "response_type": "code"} {
			if got := query.Get(param); got != want {
				t.Errorf("authorize %s = %q, want %q", param, got, want)
			}
		}
		for _, param := range []string{"state", "nonce", "code_challenge"} {
			if query.Get(param) == "" {
				t.Errorf("authorize request has no %s", param)
			}
		}
		if !strings.Contains(query.Get("scope"), "groups") {
			t.Errorf("scope = %q, want groups requested from a provider that lists it", query.Get("scope"))
		}
		if c := b.cookie(a.server.URL, loginCookie); c == nil {
			t.Fatal("no login cookie after /login")
		}
		callback := b.get(login.location)
		done := b.get(callback.location)
		if done.status != http.StatusSeeOther || done.location != "/ops" {
			t.Fatalf("callback = %d to %q (%s), want 303 to /ops", done.status, done.location, done.body)
		}
		if c := b.cookie(a.server.URL, loginCookie); c != nil {
			t.Errorf("login cookie still set after the callback")
		}
		page := b.get(a.server.URL + "/ops")
		if page.status != http.StatusOK || !strings.Contains(page.body, "olga@example.org role=operator") {
			t.Fatalf("GET /ops = %d %q, want 200 as the operator", page.status, page.body)
		}
		if r := b.get(a.server.URL + "/admin"); r.status != http.StatusForbidden {
			t.Errorf("operator GET /admin = %d, want 403", r.status)
		}

		token := csrfFrom(t, page.body)
		if r := b.post(a.server.URL+"/ops/act", url.Values{CSRFFieldName: {token}}); r.status != http.StatusSeeOther {
			t.Errorf("POST with token = %d (%s), want 303", r.status, r.body)
		}
		if got := a.actions.Load(); got != 1 {
			t.Errorf("actions after a valid POST = %d, want 1", got)
		}

		// Logout without the token changes nothing.
		if r := b.post(a.server.URL+"/logout", url.Values{}); r.status != http.StatusForbidden {
			t.Errorf("POST /logout without token = %d, want 403", r.status)
		}
		if r := b.get(a.server.URL + "/ops"); r.status != http.StatusOK {
			t.Fatalf("after refused logout GET /ops = %d, want 200 (still signed in)", r.status)
		}
		oldSession := b.cookie(a.server.URL, SessionCookie)
		if r := b.post(a.server.URL+"/logout", url.Values{CSRFFieldName: {token}}); r.status != http.StatusSeeOther || r.location != "/" {
			t.Fatalf("POST /logout = %d to %q, want 303 to /", r.status, r.location)
		}
		if r := b.get(a.server.URL + "/ops"); r.status != http.StatusSeeOther {
			t.Errorf("after logout GET /ops = %d, want 303 to sign-in", r.status)
		}
		// The old cookie, kept by an attacker, is worthless: the session is gone server-side.
		b.setCookie(a.server.URL, oldSession)
		if r := b.get(a.server.URL + "/ops"); r.status != http.StatusSeeOther {
			t.Errorf("old session cookie after logout: GET /ops = %d, want 303", r.status)
		}
	})
}

func TestSignInRoles(t *testing.T) {
	idp := oidctest.Start(t)
	memory := cache.NewMemory()
	t.Cleanup(func() { _ = memory.Close() })
	a := startApp(t, testConfig(idp.Issuer()), memory)
	tests := []struct {
		name        string
		user        oidctest.User
		opsStatus   int
		adminStatus int
	}{
		{"operator from keycloak path", operator, http.StatusOK, http.StatusForbidden},
		{"admin from a single-string claim", admin, http.StatusOK, http.StatusOK},
		{"outside every group", outsider, http.StatusForbidden, http.StatusForbidden},
		{"no groups claim", oidctest.User{Subject: "x-1", Email: "x@example.org"}, http.StatusForbidden, http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBrowser(t)
			if r := a.signIn(b, idp, tt.user, "/ops"); r.status != http.StatusSeeOther {
				t.Fatalf("callback = %d (%s), want 303", r.status, r.body)
			}
			ops := b.get(a.server.URL + "/ops")
			if ops.status != tt.opsStatus {
				t.Errorf("GET /ops = %d, want %d", ops.status, tt.opsStatus)
			}
			if tt.opsStatus == http.StatusForbidden && !strings.Contains(ops.body, "no operator or admin group") {
				t.Errorf("403 body %q does not tell the person why", ops.body)
			}
			if r := b.get(a.server.URL + "/admin"); r.status != tt.adminStatus {
				t.Errorf("GET /admin = %d, want %d", r.status, tt.adminStatus)
			}
		})
	}
}

func TestCallbackRefusals(t *testing.T) {
	eachCache(t, func(t *testing.T, sessions cache.Cache) {
		tests := []struct {
			name    string
			options []oidctest.Option
			tamper  func(t *testing.T, a *app, b *browser, callback string) string
			want    int
			mention string
		}{
			{
				name: "wrong state",
				tamper: func(t *testing.T, _ *app, _ *browser, callback string) string {
					return withParam(t, callback, "state", "forged-state")
				},
				want:    http.StatusBadRequest,
				mention: "(state)",
			},
			{
				name: "missing code",
				tamper: func(t *testing.T, _ *app, _ *browser, callback string) string {
					return withParam(t, callback, "code", "")
				},
				want: http.StatusBadRequest,
			},
			{
				name: "provider error",
				tamper: func(t *testing.T, _ *app, _ *browser, callback string) string {
					return withParam(t, withParam(t, callback, "code", ""), "error", "access_denied")
				},
				want: http.StatusForbidden,
			},
			{
				name: "code the provider does not know",
				tamper: func(t *testing.T, _ *app, _ *browser, callback string) string {
					return withParam(t, callback, "code", "made-up-code")
				},
				want: http.StatusBadRequest,
			},
			{
				name: "no login cookie (another browser)",
				tamper: func(t *testing.T, a *app, b *browser, callback string) string {
					b.setCookie(a.server.URL, &http.Cookie{Name: loginCookie, Value: "", MaxAge: -1, Path: "/"})
					return callback
				},
				want: http.StatusBadRequest,
			},
			{
				name:    "token for another audience",
				options: []oidctest.Option{rewriteParam("", "client_id", testClientID, "other-client"), otherClient()},
				want:    http.StatusForbidden,
				mention: "audience",
			},
			{
				name:    "wrong nonce",
				options: []oidctest.Option{rewriteParam("/authorize", "nonce", "", "replayed-nonce")},
				want:    http.StatusForbidden,
				mention: "nonce",
			},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				idp := oidctest.Start(t, tt.options...)
				a := startApp(t, testConfig(idp.Issuer()), sessions)
				b := newBrowser(t)
				callback := a.startSignIn(b, idp, operator, "/ops")
				if tt.tamper != nil {
					callback = tt.tamper(t, a, b, callback)
				}
				r := b.get(callback)
				if r.status != tt.want {
					t.Fatalf("callback = %d (%s), want %d", r.status, r.body, tt.want)
				}
				if !strings.Contains(r.body, tt.mention) {
					t.Errorf("callback body %q does not mention %q", r.body, tt.mention)
				}
				if c := b.cookie(a.server.URL, SessionCookie); c != nil {
					t.Errorf("refused callback set a session cookie")
				}
				if r := b.get(a.server.URL + "/ops"); r.status != http.StatusSeeOther {
					t.Errorf("after a refused callback GET /ops = %d, want 303 (no session)", r.status)
				}
			})
		}
	})
}

func TestReplayedCallbackRefused(t *testing.T) {
	eachCache(t, func(t *testing.T, sessions cache.Cache) {
		idp := oidctest.Start(t)
		a := startApp(t, testConfig(idp.Issuer()), sessions)
		b := newBrowser(t)
		callback := a.startSignIn(b, idp, operator, "/ops")
		loginID := b.cookie(a.server.URL, loginCookie)
		if r := b.get(callback); r.status != http.StatusSeeOther {
			t.Fatalf("first callback = %d (%s), want 303", r.status, r.body)
		}
		// Replayed by another browser that also stole the login cookie.
		thief := newBrowser(t)
		thief.setCookie(a.server.URL, &http.Cookie{Name: loginCookie, Value: loginID.Value, Path: "/"})
		if r := thief.get(callback); r.status != http.StatusBadRequest {
			t.Errorf("replayed callback = %d (%s), want 400", r.status, r.body)
		}
		if c := thief.cookie(a.server.URL, SessionCookie); c != nil {
			t.Errorf("replayed callback set a session cookie")
		}
		// And by the same browser.
		b.setCookie(a.server.URL, &http.Cookie{Name: loginCookie, Value: loginID.Value, Path: "/"})
		if r := b.get(callback); r.status != http.StatusBadRequest {
			t.Errorf("replayed callback in the same browser = %d, want 400", r.status)
		}
	})
}

// otherClient makes the provider a client of another application: it
// issues ID tokens whose audience is "other-client".
func otherClient() oidctest.Option { return oidctest.Client("other-client", oidctest.ClientSecret) }

func withParam(t *testing.T, rawURL, param, value string) string {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatalf("parse %q: %v", rawURL, err)
	}
	query := u.Query()
	if value == "" {
		query.Del(param)
	} else {
		query.Set(param, value)
	}
	u.RawQuery = query.Encode()
	return u.String()
}

// TestSignInLandsWhereOperatorsWork: a sign-in begun at /login itself ends at
// /manage; one sent from a page returns there; a foreign target goes home.
func TestSignInLandsWhereOperatorsWork(t *testing.T) {
	tests := []struct {
		name, login, want string
	}{
		{"bare /login", "/login", Landing},
		{"sent by a page", "/login?next=/ops%3Ftab%3Dopen", "/ops?tab=open"},
		{"foreign target", "/login?next=//evil.example/", "/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idp := oidctest.Start(t)
			memory := cache.NewMemory()
			t.Cleanup(func() { _ = memory.Close() })
			a := startApp(t, testConfig(idp.Issuer()), memory)
			b := newBrowser(t)
			idp.QueueUser(operator)
			login := b.get(a.server.URL + tt.login)
			callback := b.get(login.location)
			done := b.get(callback.location)
			if done.status != http.StatusSeeOther || done.location != tt.want {
				t.Errorf("sign-in from %s ends with %d to %q, want 303 to %q", tt.login, done.status, done.location, tt.want)
			}
		})
	}
}
