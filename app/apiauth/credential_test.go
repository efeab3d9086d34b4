package apiauth_test

import (
	"context"
	"errors"
	"maps"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"statusdash/app/apiauth"
	"statusdash/app/auth"
	"statusdash/app/auth/oidctest"
	"statusdash/app/config"
	"statusdash/app/store"
)

// noTokens is a token store without tokens.
type noTokens struct{}

func (noTokens) APITokenByHash(context.Context, string) (*store.APIToken, error) {
	return nil, store.ErrNotFound
}

// oidcConfig turns OpenID Connect on for the provider: ops operate, admins administer.
func oidcConfig(p *oidctest.Provider) config.Config {
	cfg := config.Defaults()
	cfg.SecretKey = "test-secret-key-0123456789"
	cfg.OIDCIssuerURL, cfg.OIDCClientID = p.Issuer(), oidctest.ClientID
	cfg.OIDCOperatorGroups, cfg.OIDCAdminGroups = []string{"ops"}, []string{"admins"}
	return cfg
}

func TestOIDCAccessTokens(t *testing.T) {
	p := oidctest.Start(t)
	v := apiauth.NewVerifier(oidcConfig(p), noTokens{}, apiauth.Options{})
	sign := func(claims jwt.MapClaims) string {
		base := jwt.MapClaims{"sub": "u-1"}
		maps.Copy(base, claims)
		return p.SignToken(t, base)
	}
	tests := []struct {
		name     string
		token    string
		wantErr  error
		wantRole auth.Role
		wantName string
	}{
		{"admin via azp", sign(jwt.MapClaims{"azp": "statusdash", "aud": "account", "groups": []string{"/admins"}, "preferred_username": "ada"}), nil, auth.RoleAdmin, "ada"},
		{"operator via aud", sign(jwt.MapClaims{"aud": []string{"statusdash"}, "groups": []string{"ops"}}), nil, auth.RoleOperator, "u-1"},
		{"no group: valid, no role", sign(jwt.MapClaims{"aud": "statusdash"}), nil, auth.RoleNone, "u-1"},
		{"another client's token", sign(jwt.MapClaims{"aud": "other", "azp": "other", "groups": []string{"admins"}}), apiauth.ErrInvalid, "", ""},
		{"expired", sign(jwt.MapClaims{"aud": "statusdash", "exp": time.Now().Add(-time.Hour).Unix()}), apiauth.ErrInvalid, "", ""},
		{"another issuer", sign(jwt.MapClaims{"aud": "statusdash", "iss": "https://evil.example"}), apiauth.ErrInvalid, "", ""},
		{"forged under the provider's key id", p.ForgeToken(t, providerKeyID(t, p), jwt.MapClaims{"aud": "statusdash"}), apiauth.ErrInvalid, "", ""},
		{"forged under an unknown key id", p.ForgeToken(t, "forged-key", jwt.MapClaims{"aud": "statusdash"}), apiauth.ErrInvalid, "", ""},
		{"forged without a key id", p.ForgeToken(t, "", jwt.MapClaims{"aud": "statusdash"}), apiauth.ErrInvalid, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := v.Verify(context.Background(), "Bearer "+tt.token)
			if !errors.Is(err, tt.wantErr) || (err == nil && tt.wantErr != nil) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err == nil && (got.Kind != apiauth.KindOIDC || got.Role != tt.wantRole || got.Name != tt.wantName || !got.AllowsV1()) {
				t.Errorf("credential = %+v", got)
			}
			if wantBucket := "oidc:" + p.Issuer() + " u-1"; err == nil && got.Bucket() != wantBucket {
				t.Errorf("bucket = %q, want %q (issuer and subject)", got.Bucket(), wantBucket)
			}
		})
	}
}

// providerKeyID is the key id the provider signs with.
func providerKeyID(t *testing.T, p *oidctest.Provider) string {
	t.Helper()
	keyID, err := p.Keypair.KeyID()
	if err != nil {
		t.Fatal(err)
	}
	return keyID
}

// TestIssuedAtInFuture refuses a token whose iat is later than now plus the
// 30 s leeway, whether signed with the shared secret or by the issuer.
func TestIssuedAtInFuture(t *testing.T) {
	p := oidctest.Start(t)
	now := time.Now().Truncate(time.Second)
	cfg := oidcConfig(p)
	v := apiauth.NewVerifier(cfg, noTokens{}, apiauth.Options{Now: func() time.Time { return now }})
	tests := []struct {
		name    string
		iat     any // nil leaves the claim out
		wantErr error
	}{
		{"no iat", nil, nil},
		{"an hour ago", now.Add(-time.Hour).Unix(), nil},
		{"now", now.Unix(), nil},
		{"29 s ahead, inside the leeway", now.Add(29 * time.Second).Unix(), nil},
		{"30 s ahead, the leeway itself", now.Add(30 * time.Second).Unix(), nil},
		{"31 s ahead, beyond the leeway", now.Add(31 * time.Second).Unix(), apiauth.ErrIssuedInFuture},
		{"an hour ahead", now.Add(time.Hour).Unix(), apiauth.ErrIssuedInFuture},
		{"a year ahead", now.AddDate(1, 0, 0).Unix(), apiauth.ErrIssuedInFuture},
	}
	kinds := []struct {
		name string
		sign func(claims jwt.MapClaims) string
	}{
		{"shared secret", func(claims jwt.MapClaims) string {
			maps.DeleteFunc(claims, func(_ string, value any) bool { return value == nil })
			token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(cfg.SecretKey))
			if err != nil {
				t.Fatal(err)
			}
			return token
		}},
		{"OIDC", func(claims jwt.MapClaims) string {
			claims["aud"], claims["sub"] = oidctest.ClientID, "u-1"
			return p.SignToken(t, claims)
		}},
	}
	for _, kind := range kinds {
		for _, tt := range tests {
			t.Run(kind.name+"/"+tt.name, func(t *testing.T) {
				token := kind.sign(jwt.MapClaims{"exp": now.Add(2 * time.Hour).Unix(), "iat": tt.iat})
				_, err := v.Verify(context.Background(), "Bearer "+token)
				if !errors.Is(err, tt.wantErr) || (err == nil && tt.wantErr != nil) {
					t.Errorf("err = %v, want %v", err, tt.wantErr)
				}
				if tt.wantErr != nil && !errors.Is(err, apiauth.ErrInvalid) {
					t.Errorf("err = %v, want an ErrInvalid (401)", err)
				}
			})
		}
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
			if err == nil && (got.PayloadKey != tt.payloadKey || got.AllowsV1() != tt.payloadKey || got.Role != auth.RoleOperator || got.Subject() != "jwt:jwt" || got.Bucket() != "jwt") {
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
