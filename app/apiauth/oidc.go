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
// against the issuer's published keys (cached by auth.Provider), issuer,
// expiry and issue time. go-oidc's audience check is skipped because access
// tokens rarely name the client in aud (Keycloak puts "account" there and
// the client in azp); instead the token must name the client id in aud or
// azp, so tokens issued to other clients of the same issuer are refused.
// An issuer that cannot be reached makes the token unverifiable: 401, as
// for any token that cannot be proven, not an error that would be a 503.
func (v *Verifier) verifyOIDC(ctx context.Context, token string) (Credential, error) {
	if !v.cfg.OIDCEnabled() {
		return Credential{}, fmt.Errorf("%w: OpenID Connect is not configured", ErrInvalid)
	}
	verifier, err := v.provider.Verifier(ctx, &oidc.Config{SkipClientIDCheck: true, Now: v.now})
	if err != nil {
		return Credential{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	idToken, err := verifier.Verify(ctx, token)
	if err != nil {
		return Credential{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	// go-oidc checks exp and nbf but not iat.
	if idToken.IssuedAt.After(v.now().Add(jwtLeeway)) {
		return Credential{}, fmt.Errorf("%w: iat %s", ErrIssuedInFuture, idToken.IssuedAt.UTC().Format(time.RFC3339))
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
	return Credential{Kind: KindOIDC, Name: oidcName(claims, idToken.Subject), Role: role,
		ID: idToken.Issuer + " " + idToken.Subject}, nil
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
