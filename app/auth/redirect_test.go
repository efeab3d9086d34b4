package auth

import (
	"net/http"
	"net/url"
	"testing"

	"statusdash/app/auth/oidctest"
	"statusdash/app/cache"
)

// TestSignInReturnStaysOnSite signs in with next targets a browser would
// read as another host: the callback, and /login for a signed-in person,
// both send the browser to / instead.
func TestSignInReturnStaysOnSite(t *testing.T) {
	eachCache(t, func(t *testing.T, sessions cache.Cache) {
		idp := oidctest.Start(t)
		a := startApp(t, testConfig(idp.Issuer()), sessions)
		b := newBrowser(t)
		for i, next := range []string{"/\t/evil.example", "/%09/evil.example", "//evil.example", "/\\evil.example", "https://evil.example/"} {
			idp.QueueUser(operator)
			login := b.get(a.server.URL + "/login?next=" + url.QueryEscape(next))
			if i == 0 {
				callback := b.get(login.location)
				done := b.get(callback.location)
				if done.status != http.StatusSeeOther || done.location != "/" {
					t.Fatalf("callback after /login?next=%q = %d to %q, want 303 to /", next, done.status, done.location)
				}
				continue
			}
			if login.status != http.StatusSeeOther || login.location != "/" {
				t.Errorf("signed in, /login?next=%q = %d to %q, want 303 to /", next, login.status, login.location)
			}
		}
	})
}
