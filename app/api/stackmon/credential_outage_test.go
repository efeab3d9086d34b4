package stackmon_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"statusdash/app/auth/oidctest"
	"statusdash/app/config"
	"statusdash/app/store/storetest"
)

// TestWritesWhileIssuerHangs: while the OpenID Connect issuer does not
// answer, writes with OIDC-style tokens answer 401 within the provider
// timeout (2 s here) instead of a 503 after waiting in line, 20 at once
// within a bound far below 20 timeouts; a token signed by a cached key
// still writes; shared-secret JWTs and API tokens are not affected.
func TestWritesWhileIssuerHangs(t *testing.T) {
	t.Parallel()
	const bound = 15 * time.Second
	serve := func(t *testing.T) (*oidctest.Provider, *harness) {
		p := oidctest.Start(t)
		h := newHarness(t, storetest.OpenSQLite(t), func(cfg *config.Config) {
			cfg.OIDCIssuerURL, cfg.OIDCClientID = p.Issuer(), oidctest.ClientID
			cfg.OIDCOperatorGroups = []string{"ops"}
			cfg.OIDCTimeout = 2 * time.Second
		}, nil)
		return p, h
	}
	claims := func(sub string) jwt.MapClaims {
		return jwt.MapClaims{"sub": sub, "aud": oidctest.ClientID, "groups": []string{"ops"}, "iat": start.Unix(), "exp": start.Add(time.Hour).Unix()}
	}
	// status posts an update to an event that does not exist: 404 once the
	// credential is accepted, 401 when it is not.
	status := func(h *harness, token string) int {
		request, err := http.NewRequest(http.MethodPatch, h.server.URL+"/v2/events/999", strings.NewReader(
			`{"message":"m","status":"analysing","update_date":"2026-05-20T12:00:00Z"}`))
		if err != nil {
			return 0
		}
		request.Header.Set("Authorization", "Bearer "+token)
		request.Header.Set("Content-Type", "application/json")
		response, err := h.server.Client().Do(request)
		if err != nil {
			return 0
		}
		_ = response.Body.Close()
		return response.StatusCode
	}
	unaffected := func(t *testing.T, h *harness) {
		t.Helper()
		for name, token := range map[string]string{"shared-secret JWT": h.v2JWT, "API token": h.operator} {
			if got := oidctest.AnswerAll(t, 1, bound, func(int) int { return status(h, token) })[0]; got != http.StatusNotFound {
				t.Errorf("%s while the issuer hangs: %d, want 404 (accepted)", name, got)
			}
		}
	}

	t.Run("hanging before discovery", func(t *testing.T) {
		p, h := serve(t)
		p.Hang()
		token := p.SignToken(t, claims("u-1"))
		statuses := oidctest.AnswerAll(t, 20, bound, func(int) int { return status(h, token) })
		for i, got := range statuses {
			if got != http.StatusUnauthorized {
				t.Errorf("request %d: %d, want 401", i, got)
			}
		}
		if got := p.Requests(oidctest.DiscoveryPath); got != 1 {
			t.Errorf("discovery requests = %d, want 1 shared by the 20", got)
		}
		unaffected(t, h)
	})

	t.Run("hanging after discovery", func(t *testing.T) {
		p, h := serve(t)
		token := p.SignToken(t, claims("u-1"))
		if got := status(h, token); got != http.StatusNotFound {
			t.Fatalf("before the outage: %d, want 404 (accepted)", got)
		}
		forged := make([]string, 20)
		for i := range forged {
			forged[i] = p.ForgeToken(t, fmt.Sprintf("unknown-%d", i), claims("u-1"))
		}
		p.Hang()
		statuses := oidctest.AnswerAll(t, 20, bound, func(i int) int {
			if i%2 == 0 {
				return status(h, token)
			}
			return status(h, forged[i])
		})
		for i, got := range statuses {
			if want := []int{http.StatusNotFound, http.StatusUnauthorized}[i%2]; got != want {
				t.Errorf("request %d: %d, want %d", i, got, want)
			}
		}
		unaffected(t, h)
	})
}
