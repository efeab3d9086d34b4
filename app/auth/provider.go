package auth

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// errNotConfigured is returned while SDB_OIDC_ISSUER_URL is empty.
var errNotConfigured = errors.New("auth: OpenID Connect is not configured (SDB_OIDC_ISSUER_URL is empty)")

// Discover fetches the provider's discovery document now, so serve can
// report a wrong issuer URL at start; sign-in would otherwise do it lazily.
func (a *Auth) Discover(ctx context.Context) error {
	_, err := a.discover(ctx)
	return err
}

// discover returns the provider, fetching its discovery document once; a
// failure is not kept, so sign-in works as soon as the provider is back.
func (a *Auth) discover(ctx context.Context) (*oidc.Provider, error) {
	if !a.Enabled() {
		return nil, errNotConfigured
	}
	a.providerMu.Lock()
	defer a.providerMu.Unlock()
	if a.provider != nil {
		return a.provider, nil
	}
	provider, err := oidc.NewProvider(a.clientContext(ctx), a.cfg.OIDCIssuerURL)
	if err != nil {
		return nil, fmt.Errorf("auth: discovery at SDB_OIDC_ISSUER_URL %q: %w", a.cfg.OIDCIssuerURL, err)
	}
	var metadata struct {
		ScopesSupported []string `json:"scopes_supported"`
	}
	_ = provider.Claims(&metadata) // optional metadata; a missing list only drops the groups scope
	a.scopes = []string{oidc.ScopeOpenID, "profile", "email"}
	// Dex needs the groups scope; Keycloak refuses scopes it does not list.
	if slices.Contains(metadata.ScopesSupported, "groups") {
		a.scopes = append(a.scopes, "groups")
	}
	a.provider = provider
	return provider, nil
}

func (a *Auth) oauthConfig(provider *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     a.cfg.OIDCClientID,
		ClientSecret: a.cfg.OIDCClientSecret,
		RedirectURL:  a.cfg.OIDCRedirectURL,
		Endpoint:     provider.Endpoint(),
		Scopes:       a.scopes,
	}
}

// clientContext makes go-oidc and oauth2 use a client with a timeout.
func (a *Auth) clientContext(ctx context.Context) context.Context {
	ctx = oidc.ClientContext(ctx, a.client)
	return context.WithValue(ctx, oauth2.HTTPClient, a.client)
}

// deriveKey gives each use of the secret key its own key.
func deriveKey(secret, purpose string) []byte {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(purpose))
	return mac.Sum(nil)
}
