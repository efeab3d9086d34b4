package apiauth

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"

	"statusdash/app/auth"
)

// jwtLeeway tolerates small clock differences on exp, nbf and iat.
const jwtLeeway = 30 * time.Second

// verifyOIDC checks an access token of the configured issuer: signature
// against the issuer's published keys (go-oidc fetches and caches the JWKS),
// issuer and expiry. go-oidc's audience check is skipped because access
// tokens rarely name the client in aud (Keycloak puts "account" there and
// the client in azp); instead the token must name the client id in aud or
// azp, so tokens issued to other clients of the same issuer are refused.
func (v *Verifier) verifyOIDC(ctx context.Context, token string) (Credential, error) {
	if !v.cfg.OIDCEnabled() {
		return Credential{}, fmt.Errorf("%w: OpenID Connect is not configured", ErrInvalid)
	}
	verifier, err := v.oidc(ctx)
	if err != nil {
		return Credential{}, err
	}
	idToken, err := verifier.Verify(oidc.ClientContext(ctx, v.client), token)
	if err != nil {
		return Credential{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	var claims map[string]any
	if err := idToken.Claims(&claims); err != nil {
		return Credential{}, fmt.Errorf("%w: claims: %v", ErrInvalid, err)
	}
	azp, _ := claims["azp"].(string)
	if !slices.Contains(idToken.Audience, v.cfg.OIDCClientID) && azp != v.cfg.OIDCClientID {
		return Credential{}, fmt.Errorf("%w: the token was not issued to client %q", ErrInvalid, v.cfg.OIDCClientID)
	}
	groups := auth.GroupsFromClaim(claims[v.cfg.OIDCGroupsClaim])
	role := auth.RoleForGroups(groups, v.cfg.OIDCOperatorGroups, v.cfg.OIDCAdminGroups)
	return Credential{Kind: KindOIDC, Name: oidcName(claims, idToken.Subject), Role: role}, nil
}

// oidcName prefers the user name a person recognises over the opaque subject.
func oidcName(claims map[string]any, subject string) string {
	for _, key := range []string{"preferred_username", "email", "name"} {
		if value, ok := claims[key].(string); ok && strings.TrimSpace(value) != "" {
			return strings.TrimSpace(value)
		}
	}
	return subject
}

// oidc discovers the issuer once; a failed discovery is retried next time.
func (v *Verifier) oidc(ctx context.Context) (*oidc.IDTokenVerifier, error) {
	v.oidcMu.Lock()
	defer v.oidcMu.Unlock()
	if v.oidcVerifier != nil {
		return v.oidcVerifier, nil
	}
	provider, err := oidc.NewProvider(oidc.ClientContext(ctx, v.client), v.cfg.OIDCIssuerURL)
	if err != nil {
		return nil, fmt.Errorf("apiauth: discovery at SDB_OIDC_ISSUER_URL %q: %w", v.cfg.OIDCIssuerURL, err)
	}
	v.oidcVerifier = provider.Verifier(&oidc.Config{SkipClientIDCheck: true, Now: v.now})
	return v.oidcVerifier, nil
}
