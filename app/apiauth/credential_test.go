package apiauth_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"statusdash/app/apiauth"
	"statusdash/app/auth"
	"statusdash/app/cache"
	"statusdash/app/config"
	"statusdash/app/store"
)

// noTokens is a token store without tokens.
type noTokens struct{}

func (noTokens) APITokenByHash(context.Context, string) (*store.APIToken, error) {
	return nil, store.ErrNotFound
}

func TestOIDCAccessTokens(t *testing.T) {
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Shutdown() })
	cfg := config.Defaults()
	cfg.SecretKey = "test-secret-key-0123456789"
	cfg.OIDCIssuerURL, cfg.OIDCClientID = m.Issuer(), "statusdash"
	cfg.OIDCOperatorGroups, cfg.OIDCAdminGroups = []string{"ops"}, []string{"admins"}
	v := apiauth.NewVerifier(cfg, noTokens{}, apiauth.Options{})
	sign := func(claims jwt.MapClaims) string {
		base := jwt.MapClaims{"iss": m.Issuer(), "sub": "u-1", "exp": time.Now().Add(time.Hour).Unix(), "iat": time.Now().Unix()}
		for k, val := range claims {
			base[k] = val
		}
		token, err := m.Keypair.SignJWT(base)
		if err != nil {
			t.Fatal(err)
		}
		return token
	}
	tests := []struct {
		name     string
		claims   jwt.MapClaims
		wantErr  error
		wantRole auth.Role
		wantName string
	}{
		{"admin via azp", jwt.MapClaims{"azp": "statusdash", "aud": "account", "groups": []string{"/admins"}, "preferred_username": "ada"}, nil, auth.RoleAdmin, "ada"},
		{"operator via aud", jwt.MapClaims{"aud": []string{"statusdash"}, "groups": []string{"ops"}}, nil, auth.RoleOperator, "u-1"},
		{"no group: valid, no role", jwt.MapClaims{"aud": "statusdash"}, nil, auth.RoleNone, "u-1"},
		{"another client's token", jwt.MapClaims{"aud": "other", "azp": "other", "groups": []string{"admins"}}, apiauth.ErrInvalid, "", ""},
		{"expired", jwt.MapClaims{"aud": "statusdash", "exp": time.Now().Add(-time.Hour).Unix()}, apiauth.ErrInvalid, "", ""},
		{"another issuer", jwt.MapClaims{"aud": "statusdash", "iss": "https://evil.example"}, apiauth.ErrInvalid, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := v.Verify(context.Background(), "Bearer "+sign(tt.claims))
			if !errors.Is(err, tt.wantErr) || (err == nil && tt.wantErr != nil) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err == nil && (got.Kind != apiauth.KindOIDC || got.Role != tt.wantRole || got.Name != tt.wantName || !got.AllowsV1()) {
				t.Errorf("credential = %+v", got)
			}
		})
	}
	// A token signed with a key the issuer does not publish.
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	other, err := mockoidc.NewServer(key)
	if err != nil {
		t.Fatal(err)
	}
	forged, err := other.Keypair.SignJWT(jwt.MapClaims{"iss": m.Issuer(), "aud": "statusdash", "exp": time.Now().Add(time.Hour).Unix()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(context.Background(), "Bearer "+forged); !errors.Is(err, apiauth.ErrInvalid) {
		t.Errorf("forged token: err = %v, want ErrInvalid", err)
	}
}

func TestSharedJWT(t *testing.T) {
	cfg := config.Defaults()
	cfg.SecretKey = "test-secret-key-0123456789"
	cfg.APISecret = "dedicated-api-secret-0123"
	v := apiauth.NewVerifier(cfg, noTokens{}, apiauth.Options{})
	tests := []struct {
		name       string
		secret     string
		claims     jwt.MapClaims
		wantErr    error
		payloadKey bool
	}{
		{"dedicated secret, payload key", cfg.APISecret, jwt.MapClaims{"stackmon": "dummy"}, nil, true},
		{"secret key is not the API secret", cfg.SecretKey, jwt.MapClaims{"stackmon": "dummy"}, apiauth.ErrInvalid, false},
		{"empty object", cfg.APISecret, jwt.MapClaims{}, nil, false},
		{"payload key false", cfg.APISecret, jwt.MapClaims{"stackmon": false}, nil, false},
		{"payload key 0", cfg.APISecret, jwt.MapClaims{"stackmon": 0}, nil, false},
		{"payload key empty", cfg.APISecret, jwt.MapClaims{"stackmon": ""}, nil, false},
		{"payload key true", cfg.APISecret, jwt.MapClaims{"stackmon": true}, nil, true},
		{"payload key object", cfg.APISecret, jwt.MapClaims{"stackmon": map[string]any{"a": 1}}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, tt.claims).SignedString([]byte(tt.secret))
			got, err := v.Verify(context.Background(), "Bearer "+token)
			if !errors.Is(err, tt.wantErr) || (err == nil && tt.wantErr != nil) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err == nil && (got.PayloadKey != tt.payloadKey || got.AllowsV1() != tt.payloadKey || got.Role != auth.RoleOperator || got.Subject() != "jwt:jwt") {
				t.Errorf("credential = %+v", got)
			}
		})
	}
	for _, header := range []string{"", "Bearer", "Bearer   "} {
		if _, err := v.Verify(context.Background(), header); !errors.Is(err, apiauth.ErrMissing) {
			t.Errorf("Verify(%q) = %v, want ErrMissing", header, err)
		}
	}
	// OIDC-looking tokens are refused while OpenID Connect is off.
	if _, err := v.Verify(context.Background(), "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln"); !errors.Is(err, apiauth.ErrInvalid) {
		t.Errorf("RS256 token without OIDC: %v", err)
	}
}

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 5, 20, 12, 0, 50, 0, time.UTC)
	c := cache.NewMemory()
	t.Cleanup(func() { _ = c.Close() })
	l := apiauth.NewLimiter(c, 2, func() time.Time { return now })
	for i, want := range []bool{true, true, false} {
		ok, retry, err := l.Allow(context.Background(), "jwt:a")
		if err != nil || ok != want || (!ok && retry != 10) {
			t.Errorf("call %d: ok %v retry %d err %v, want ok %v", i, ok, retry, err, want)
		}
	}
	if ok, _, _ := l.Allow(context.Background(), "jwt:b"); !ok {
		t.Error("another credential was limited")
	}
	off := apiauth.NewLimiter(c, 0, nil)
	for range 5 {
		if ok, _, _ := off.Allow(context.Background(), "jwt:a"); !ok {
			t.Error("limit 0 limited")
		}
	}
}
