package apiauth

import (
	"context"
	"log/slog"
	"time"

	"statusdash/app/auth"
	"statusdash/app/cache"
	"statusdash/app/config"
	"statusdash/app/store"
)

// CredentialVerifier checks an Authorization header; *Verifier is one.
type CredentialVerifier interface {
	Verify(ctx context.Context, header string) (Credential, error)
}

// Deps are what every automation API (the JSON API, the typed API) needs;
// the web server builds them once for all of them.
type Deps struct {
	Config config.Config
	Store  *store.Storage
	// Cache counts writes for the rate limits; nil turns them off.
	Cache  cache.Cache
	Logger *slog.Logger
	Now    func() time.Time
	// Verifier checks credentials; nil builds a Verifier from Config,
	// Store and Provider.
	Verifier CredentialVerifier
	// Provider is the OpenID Connect issuer shared with sign-in, so that a
	// process discovers it and caches its keys once; nil makes one.
	Provider *auth.Provider
	// Versions reports the data version keying the cached reads (the
	// store's when nil); it is read through cache.Shared.
	Versions cache.VersionSource
}

// Gate is what an API checks its callers with, built from Deps with their
// defaults: a logger, a clock, the credential verifier, the write budget.
type Gate struct {
	Logger   *slog.Logger
	Now      func() time.Time
	Verifier CredentialVerifier
	Limiter  *Limiter
	// Versions is Deps.Versions (or the store) through cache.Shared; nil
	// without either.
	Versions cache.VersionSource
}

// NewGate fills in what deps leave out.
func NewGate(deps Deps) Gate {
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Verifier == nil {
		deps.Verifier = NewVerifier(deps.Config, deps.Store, Options{Logger: deps.Logger, Now: deps.Now, Provider: deps.Provider})
	}
	if deps.Versions == nil && deps.Store != nil {
		deps.Versions = deps.Store
	}
	gate := Gate{
		Logger:   deps.Logger,
		Now:      deps.Now,
		Verifier: deps.Verifier,
		Limiter:  NewLimiter(deps.Cache, LimitsOf(deps.Config), LimiterOptions{Now: deps.Now, Logger: deps.Logger}),
	}
	if deps.Versions != nil {
		gate.Versions = cache.Shared(deps.Versions)
	}
	return gate
}
