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

// discovered is what the provider's discovery document told us, kept for
// the life of the process.
type discovered struct {
	provider *oidc.Provider
	// oauth is kept, not rebuilt per request, so oauth2 remembers which
	// client authentication the token endpoint accepted.
	oauth *oauth2.Config
	// issuer is the provider's issuer identifier (RFC 9207 iss checks).
	issuer string
	// requireIss is true when the provider promises an iss parameter in
	// every authorization response (RFC 9207).
	requireIss bool
}

// providerMetadata are the optional discovery fields sign-in uses.
type providerMetadata struct {
	Issuer                     string   `json:"issuer"`
	ScopesSupported            []string `json:"scopes_supported"`
	TokenEndpointAuthMethods   []string `json:"token_endpoint_auth_methods_supported"`
	AuthorizationResponseIssue bool     `json:"authorization_response_iss_parameter_supported"`
}

// Discover fetches the provider's discovery document now, so serve can
// report a wrong issuer URL at start; sign-in would otherwise do it lazily.
func (a *Auth) Discover(ctx context.Context) error {
	_, err := a.discover(ctx)
	return err
}

// discover returns the provider, fetching its discovery document once; a
// failure is not kept, so sign-in works as soon as the provider is back.
func (a *Auth) discover(ctx context.Context) (*discovered, error) {
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
	var metadata providerMetadata
	_ = provider.Claims(&metadata) // optional metadata; missing fields keep the defaults
	scopes := []string{oidc.ScopeOpenID, "profile", "email"}
	// Dex needs the groups scope; Keycloak refuses scopes it does not list.
	if slices.Contains(metadata.ScopesSupported, "groups") {
		scopes = append(scopes, "groups")
	}
	endpoint := provider.Endpoint()
	endpoint.AuthStyle = authStyle(metadata.TokenEndpointAuthMethods)
	issuer := metadata.Issuer
	if issuer == "" {
		issuer = a.cfg.OIDCIssuerURL // go-oidc already checked they are equal
	}
	a.provider = &discovered{
		provider: provider,
		oauth: &oauth2.Config{
			ClientID:     a.cfg.OIDCClientID,
			ClientSecret: a.cfg.OIDCClientSecret,
			RedirectURL:  a.cfg.OIDCRedirectURL,
			Endpoint:     endpoint,
			Scopes:       scopes,
		},
		issuer:     issuer,
		requireIss: metadata.AuthorizationResponseIssue,
	}
	return a.provider, nil
}

// authStyle sends the client secret the one way a provider accepts when it
// lists only one; otherwise oauth2 tries HTTP Basic, then the form body.
func authStyle(methods []string) oauth2.AuthStyle {
	basic := slices.Contains(methods, "client_secret_basic")
	post := slices.Contains(methods, "client_secret_post")
	switch {
	case basic && !post:
		return oauth2.AuthStyleInHeader
	case post && !basic:
		return oauth2.AuthStyleInParams
	}
	return oauth2.AuthStyleAutoDetect
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
