package apiauth_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"statusdash/app/apiauth"
	"statusdash/app/auth/oidctest"
	"statusdash/app/store"
)

// While the issuer hangs, OIDC tokens wait at most the provider timeout (2 s
// here), together: 20 in line would take 40 s. The bound is generous for a
// loaded machine and still far below that.
const (
	hangTimeout = 2 * time.Second
	hangBound   = 15 * time.Second
)

// oneToken is a token store holding one API token.
type oneToken struct{ token string }

func (s oneToken) APITokenByHash(_ context.Context, hash string) (*store.APIToken, error) {
	if hash != apiauth.HashToken(s.token) {
		return nil, store.ErrNotFound
	}
	return &store.APIToken{ID: 7, Name: "zabbix", Role: store.TokenRoleOperator}, nil
}

// TestOIDCWhileIssuerHangs: OIDC-style tokens answer 401 within the timeout
// and share one discovery while the issuer hangs, a token signed by a
// cached key still verifies, and shared-secret JWTs and API tokens never
// reach the issuer.
func TestOIDCWhileIssuerHangs(t *testing.T) {
	sharedJWT := func(t *testing.T, secret string) string {
		token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"stackmon": "x"}).SignedString([]byte(secret))
		if err != nil {
			t.Fatal(err)
		}
		return token
	}
	start := func(t *testing.T) (*oidctest.Provider, *apiauth.Verifier, oneToken, string) {
		p := oidctest.Start(t)
		cfg := oidcConfig(p)
		cfg.OIDCTimeout = hangTimeout
		tokens := oneToken{token: "sdb_zabbix-secret"}
		return p, apiauth.NewVerifier(cfg, tokens, apiauth.Options{}), tokens, sharedJWT(t, cfg.SecretKey)
	}
	valid := func(p *oidctest.Provider) string {
		return p.SignToken(t, jwt.MapClaims{"aud": oidctest.ClientID, "sub": "u-1", "groups": []string{"ops"}})
	}
	otherCredentials := func(t *testing.T, v *apiauth.Verifier, apiToken oneToken, jwtToken string) {
		t.Helper()
		for kind, token := range map[apiauth.Kind]string{apiauth.KindAPIToken: apiToken.token, apiauth.KindSharedJWT: jwtToken} {
			got := oidctest.AnswerAll(t, 1, hangBound, func(int) error {
				_, err := v.Verify(context.Background(), "Bearer "+token)
				return err
			})[0]
			if got != nil {
				t.Errorf("%s while the issuer hangs: %v, want it verified", kind, got)
			}
		}
	}

	t.Run("hanging before discovery", func(t *testing.T) {
		p, v, apiToken, jwtToken := start(t)
		p.Hang()
		token := valid(p)
		for wave := 1; wave <= 2; wave++ {
			errs := oidctest.AnswerAll(t, 20, hangBound, func(int) error {
				_, err := v.Verify(context.Background(), "Bearer "+token)
				return err
			})
			for i, err := range errs {
				if !errors.Is(err, apiauth.ErrInvalid) {
					t.Errorf("wave %d, request %d: err = %v, want ErrInvalid (401)", wave, i, err)
				}
			}
			// One discovery for the twenty, and none for the second wave: the failure is remembered.
			if got := p.Requests(oidctest.DiscoveryPath); got != 1 {
				t.Errorf("after wave %d: discovery requests = %d, want 1", wave, got)
			}
		}
		otherCredentials(t, v, apiToken, jwtToken)
		if got := p.Requests(oidctest.DiscoveryPath) + p.Requests(oidctest.KeysPath); got != 1 {
			t.Errorf("requests to the issuer = %d, want only the one discovery", got)
		}
	})

	t.Run("hanging after discovery", func(t *testing.T) {
		p, v, apiToken, jwtToken := start(t)
		token := valid(p)
		if _, err := v.Verify(context.Background(), "Bearer "+token); err != nil {
			t.Fatalf("verify before the outage: %v", err)
		}
		p.Hang()
		forged := make([]string, 10)
		for i := range forged {
			forged[i] = p.ForgeToken(t, fmt.Sprintf("unknown-%d", i), jwt.MapClaims{"aud": oidctest.ClientID, "sub": "u-1", "groups": []string{"ops"}})
		}
		errs := oidctest.AnswerAll(t, 20, hangBound, func(i int) error {
			if i%2 == 0 {
				_, err := v.Verify(context.Background(), "Bearer "+token)
				return err
			}
			_, err := v.Verify(context.Background(), "Bearer "+forged[i/2])
			return err
		})
		for i, err := range errs {
			if i%2 == 0 && err != nil {
				t.Errorf("token signed by a cached key: %v, want it verified", err)
			}
			if i%2 == 1 && !errors.Is(err, apiauth.ErrInvalid) {
				t.Errorf("token signed by an unknown key: err = %v, want ErrInvalid (401)", err)
			}
		}
		// The keys were fetched a moment ago: unknown key ids do not fetch them again.
		if got := p.Requests(oidctest.KeysPath); got != 1 {
			t.Errorf("key set requests = %d, want 1 (before the outage)", got)
		}
		otherCredentials(t, v, apiToken, jwtToken)
	})
}
