package auth

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/golang-jwt/jwt/v5"

	"statusdash/app/auth/oidctest"
	"statusdash/app/cache"
)

// While the provider hangs, requests wait at most the provider timeout (2 s
// here), together: 20 requests in line would take 40 s. The bound is generous
// for a loaded machine and still far below that, and below the 15 s the
// sign-in's client used to wait.
const (
	hangTimeout = 2 * time.Second
	hangBound   = 12 * time.Second
)

// fetch GETs rawURL without following redirects or failing the test, for
// use from several goroutines.
func fetch(client *http.Client, rawURL string) reply {
	response, err := client.Get(rawURL)
	if err != nil {
		return reply{body: err.Error()}
	}
	defer response.Body.Close()
	body, _ := io.ReadAll(response.Body)
	return reply{status: response.StatusCode, location: response.Header.Get("Location"), body: string(body)}
}

// TestLoginWhileProviderHangs: /login answers 503 saying the provider is
// unreachable within the timeout, concurrent sign-ins share one discovery,
// the failure is remembered for a while, and sign-in works again after it.
func TestLoginWhileProviderHangs(t *testing.T) {
	idp := oidctest.Start(t)
	memory := cache.NewMemory()
	t.Cleanup(func() { _ = memory.Close() })
	cfg := testConfig(idp.Issuer())
	cfg.OIDCTimeout = hangTimeout
	a := startApp(t, cfg, memory)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	idp.Hang()

	for wave := 1; wave <= 2; wave++ {
		replies := oidctest.AnswerAll(t, 5, hangBound, func(int) reply { return fetch(client, a.server.URL+"/login?next=/ops") })
		for i, r := range replies {
			if r.status != http.StatusServiceUnavailable || !strings.Contains(r.body, "unreachable") {
				t.Errorf("wave %d, GET /login %d = %d %q, want 503 saying the provider is unreachable", wave, i, r.status, r.body)
			}
		}
		// One discovery for the five, and none for the second wave: the failure is remembered.
		if got := idp.Requests(oidctest.DiscoveryPath); got != 1 {
			t.Errorf("after wave %d: discovery requests = %d, want 1", wave, got)
		}
	}
	if r := fetchHeader(t, client, a.server.URL+"/login", "Retry-After"); r != "10" {
		t.Errorf("Retry-After = %q, want 10", r)
	}

	idp.Release()
	a.auth.provider.mu.Lock()
	a.auth.provider.failedAt = a.auth.provider.failedAt.Add(-discoveryRetryInterval) // as if the interval had passed
	a.auth.provider.mu.Unlock()
	if r := fetch(client, a.server.URL+"/login?next=/ops"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, idp.AuthorizationEndpoint()) {
		t.Errorf("GET /login after the provider is back = %d to %q, want 303 to the provider", r.status, r.location)
	}
}

func fetchHeader(t *testing.T, client *http.Client, rawURL, header string) string {
	t.Helper()
	response, err := client.Get(rawURL)
	if err != nil {
		t.Fatalf("GET %s: %v", rawURL, err)
	}
	_ = response.Body.Close()
	return response.Header.Get(header)
}

// TestCallbackWhileProviderHangs: a provider that stops answering between
// /login and the callback makes the code exchange give up within the
// timeout with a 503, and no session.
func TestCallbackWhileProviderHangs(t *testing.T) {
	idp := oidctest.Start(t)
	memory := cache.NewMemory()
	t.Cleanup(func() { _ = memory.Close() })
	cfg := testConfig(idp.Issuer())
	cfg.OIDCTimeout = hangTimeout
	a := startApp(t, cfg, memory)
	b := newBrowser(t)
	callback := a.startSignIn(b, idp, operator, "/ops")
	idp.Hang()
	r := oidctest.AnswerAll(t, 1, hangBound, func(int) reply { return fetch(b.client, callback) })[0]
	if r.status != http.StatusServiceUnavailable || !strings.Contains(r.body, "unreachable") {
		t.Errorf("callback = %d %q, want 503 saying the provider is unreachable", r.status, r.body)
	}
	if got := idp.Requests(oidctest.TokenPath); got != 1 {
		t.Errorf("token requests = %d, want 1", got)
	}
	if b.cookie(a.server.URL, SessionCookie) != nil {
		t.Error("the callback set a session cookie")
	}
}

// TestKeysWhileProviderHangs: a token signed by a cached key verifies while
// the provider hangs; tokens naming unknown keys share one refetch, which
// ends within the timeout, and do not start another for keyRefetchInterval.
func TestKeysWhileProviderHangs(t *testing.T) {
	idp := oidctest.Start(t)
	cfg := testConfig(idp.Issuer())
	cfg.OIDCTimeout = hangTimeout
	provider := NewProvider(cfg, nil)
	verify := func(token string) error {
		verifier, err := provider.Verifier(context.Background(), &oidc.Config{ClientID: oidctest.ClientID})
		if err != nil {
			return err
		}
		_, err = verifier.Verify(context.Background(), token)
		return err
	}
	valid := idp.SignToken(t, jwt.MapClaims{"aud": oidctest.ClientID, "sub": "u-1"})
	if err := verify(valid); err != nil {
		t.Fatalf("verify before the outage: %v", err)
	}
	keys := provider.found.keys
	keys.mu.Lock()
	keys.fetchedAt = keys.fetchedAt.Add(-keyRefetchInterval) // as if the interval had passed
	keys.mu.Unlock()
	idp.Hang()

	forged := make([]string, 20)
	for i := range forged {
		forged[i] = idp.ForgeToken(t, fmt.Sprintf("unknown-%d", i), jwt.MapClaims{"aud": oidctest.ClientID, "sub": "u-1"})
	}
	for wave := 1; wave <= 2; wave++ {
		errs := oidctest.AnswerAll(t, 40, hangBound, func(i int) error {
			if i%2 == 0 {
				return verify(valid)
			}
			return verify(forged[i/2])
		})
		for i, err := range errs {
			if i%2 == 0 && err != nil {
				t.Errorf("wave %d: token signed by a cached key: %v, want it verified", wave, err)
			}
			if i%2 == 1 && err == nil {
				t.Errorf("wave %d: token signed by an unknown key verified", wave)
			}
		}
		// The first wave shares one refetch; the second makes none.
		if got := idp.Requests(oidctest.KeysPath); got != 2 {
			t.Errorf("after wave %d: key set requests = %d, want 2 (one before the outage, one refetch)", wave, got)
		}
	}
}
