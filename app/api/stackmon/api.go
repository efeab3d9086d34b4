// Package stackmon serves the stackmon v1 and v2 JSON APIs (app/api/openapi/openapi.yaml), so
// monitoring clients written for the stackmon status dashboards work against
// statusdash unchanged. Handlers only parse, call the store (whose rules live
// in package incident) and map results and errors to each family's JSON.
package stackmon

import (
	"context"
	"log/slog"
	"time"

	"statusdash/app/apiauth"
	"statusdash/app/auth"
	"statusdash/app/cache"
	"statusdash/app/config"
	"statusdash/app/pagecache"
	"statusdash/app/store"
)

// CredentialVerifier checks an Authorization header; *apiauth.Verifier is one.
type CredentialVerifier interface {
	Verify(ctx context.Context, header string) (apiauth.Credential, error)
}

// Deps are what the API needs; the web server builds them.
type Deps struct {
	Config config.Config
	Store  *store.Storage
	// Cache counts writes for the rate limits; nil turns them off.
	Cache  cache.Cache
	Logger *slog.Logger
	Now    func() time.Time
	// Verifier checks credentials; nil builds an apiauth.Verifier from
	// Config, Store and Provider.
	Verifier CredentialVerifier
	// Provider is the OpenID Connect issuer shared with sign-in, so that a
	// process discovers it and caches its keys once; nil makes one.
	Provider *auth.Provider
	// Versions reports the data version keying the cached public answers
	// (the store's when nil); it is read through cache.Shared.
	Versions cache.VersionSource
	// Pages caches the public answers with fixed keys (the v1 and v2 lists,
	// the v1 lists only compressed); nil gives the API a cache of its own.
	// Answers keyed by query or id have a cache of their own in any case
	// (v2_cache.go).
	Pages *pagecache.Pages
	// StreamChunk is how many events a streamed document's build reads at
	// once; store.StreamChunk when zero.
	StreamChunk int
}

// API holds the handlers' dependencies.
type API struct {
	config   config.Config
	store    *store.Storage
	logger   *slog.Logger
	now      func() time.Time
	verifier CredentialVerifier
	limiter  *apiauth.Limiter

	versions    cache.VersionSource
	pages       *pagecache.Pages
	lookups     *pagecache.Pages
	streamChunk int
}

// New builds the API; Register adds its routes.
func New(deps Deps) *API {
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Verifier == nil {
		deps.Verifier = apiauth.NewVerifier(deps.Config, deps.Store, apiauth.Options{Logger: deps.Logger, Now: deps.Now, Provider: deps.Provider})
	}
	if deps.Versions == nil && deps.Store != nil {
		deps.Versions = deps.Store
	}
	if deps.Pages == nil {
		deps.Pages = pagecache.New(fixedAnswers)
	}
	if deps.StreamChunk <= 0 {
		deps.StreamChunk = store.StreamChunk
	}
	return &API{
		config:   deps.Config,
		store:    deps.Store,
		logger:   deps.Logger,
		now:      deps.Now,
		verifier: deps.Verifier,
		limiter:  apiauth.NewLimiter(deps.Cache, apiauth.LimitsOf(deps.Config), apiauth.LimiterOptions{Now: deps.Now, Logger: deps.Logger}),

		versions:    sharedVersions(deps.Versions),
		pages:       deps.Pages,
		lookups:     pagecache.New(lookupAnswers),
		streamChunk: deps.StreamChunk,
	}
}

// sharedVersions reads versions through cache.Shared; nil stays nil (an API
// without a store serves no documents).
func sharedVersions(versions cache.VersionSource) cache.VersionSource {
	if versions == nil {
		return nil
	}
	return cache.Shared(versions)
}
