// Package apiauth verifies the bearer credentials of the automation API
// (HS256 JWTs signed with the configured secret, access tokens of the
// OpenID Connect issuer, API tokens from the database) and limits API writes
// per credential. It knows nothing of HTTP routing: the API packages call
// Verify with the Authorization header and map its errors to their own
// error bodies.
package apiauth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"statusdash/app/auth"
	"statusdash/app/config"
	"statusdash/app/store"
)

// Errors of Verify; each means 401.
var (
	ErrMissing = errors.New("apiauth: missing bearer credential")
	ErrInvalid = errors.New("apiauth: invalid credential")
	// ErrIssuedInFuture is an ErrInvalid whose reason the caller can act on:
	// the signer's clock runs ahead.
	ErrIssuedInFuture = fmt.Errorf("%w: issued in the future (iat more than %s ahead)", ErrInvalid, jwtLeeway)
)

// Kind tells how a credential was proven.
type Kind string

// Credential kinds.
const (
	KindSharedJWT Kind = "jwt"
	KindOIDC      Kind = "oidc"
	KindAPIToken  Kind = "token"
)

// Credential is a verified caller.
type Credential struct {
	Kind Kind
	// Name is the human name: the token's name, the OIDC user, "jwt" or the JWT subject.
	Name string
	Role auth.Role
	// PayloadKey is true when a shared-secret JWT holds the configured
	// payload key with a truthy value; stackmon v1 writes need it.
	PayloadKey bool
	// ID tells credentials of one kind apart for the rate limit: an API
	// token's id, an OIDC token's issuer and subject; the shared secret has
	// none, as it is one credential whatever its JWTs claim.
	ID string
}

// Subject identifies the credential across kinds: "token:metrics".
func (c Credential) Subject() string { return string(c.Kind) + ":" + c.Name }

// Bucket is the rate-limit bucket the credential's writes count in: one
// per API token, one per OIDC subject, one for the shared secret.
func (c Credential) Bucket() string {
	switch {
	case c.Kind == KindSharedJWT:
		return string(KindSharedJWT)
	case c.ID != "":
		return string(c.Kind) + ":" + c.ID
	}
	return c.Subject()
}

// Actor is how the credential appears in the audit log and as update author.
func (c Credential) Actor() store.Actor { return store.Actor{Subject: c.Subject(), Name: c.Name} }

// AllowsV1 reports whether the credential may write through stackmon v1: a
// shared-secret JWT needs the payload key, the other kinds need nothing more.
func (c Credential) AllowsV1() bool { return c.Kind != KindSharedJWT || c.PayloadKey }

// TokenStore finds live API tokens by the hash of their secret.
type TokenStore interface {
	APITokenByHash(ctx context.Context, hash string) (*store.APIToken, error)
}

// Verifier checks bearer credentials.
type Verifier struct {
	cfg      config.Config
	tokens   TokenStore
	provider *auth.Provider
	now      func() time.Time
}

// Options are the optional parts of a Verifier.
type Options struct {
	// Provider is the OpenID Connect issuer; nil makes one from the
	// configuration, discovered on the first OIDC token.
	Provider *auth.Provider
	Logger   *slog.Logger
	Now      func() time.Time
}

// NewVerifier builds a verifier for the configuration and token store.
func NewVerifier(cfg config.Config, tokens TokenStore, opts Options) *Verifier {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Provider == nil {
		opts.Provider = auth.NewProvider(cfg, opts.Logger)
	}
	return &Verifier{cfg: cfg, tokens: tokens, provider: opts.Provider, now: opts.Now}
}

// Verify checks an Authorization header value ("Bearer <token>", the scheme
// in any case). It answers ErrMissing or ErrInvalid (wrapped) for a 401, or
// another error when a backend failed. Only OIDC-style tokens (neither
// HS256 nor API tokens) involve the issuer, within SDB_OIDC_TIMEOUT.
func (v *Verifier) Verify(ctx context.Context, header string) (Credential, error) {
	token, err := bearer(header)
	if err != nil {
		return Credential{}, err
	}
	switch {
	case strings.HasPrefix(token, TokenPrefix):
		return v.verifyAPIToken(ctx, token)
	case strings.Count(token, ".") == 2:
		if isHS256(token) {
			return v.verifySharedJWT(token)
		}
		return v.verifyOIDC(ctx, token)
	}
	return Credential{}, fmt.Errorf("%w: not a JWT nor an API token", ErrInvalid)
}

// bearer takes the token out of "Bearer <token>".
func bearer(header string) (string, error) {
	header = strings.TrimSpace(header)
	if header == "" || strings.EqualFold(header, "bearer") {
		return "", ErrMissing
	}
	scheme, token, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "bearer") {
		return "", fmt.Errorf("%w: the Authorization scheme must be Bearer", ErrInvalid)
	}
	token = strings.TrimSpace(token)
	if token == "" {
		return "", ErrMissing
	}
	return token, nil
}
