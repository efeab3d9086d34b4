// Package stackmon serves the stackmon v1 and v2 JSON APIs (app/api/openapi/openapi.yaml), so
// monitoring clients written for the stackmon status dashboards work against
// statusdash unchanged. Handlers only parse, call the store (whose rules live
// in package incident) and map results and errors to each family's JSON.
package stackmon

import (
	"log/slog"
	"time"

	"statusdash/app/apiauth"
	"statusdash/app/cache"
	"statusdash/app/config"
	"statusdash/app/pagecache"
	"statusdash/app/store"
)

// Deps are what the API needs; the web server builds them. The typed API
// takes the same apiauth.Deps.
type Deps struct {
	apiauth.Deps
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
	verifier apiauth.CredentialVerifier
	limiter  *apiauth.Limiter

	versions    cache.VersionSource
	pages       *pagecache.Pages
	lookups     *pagecache.Pages
	streamChunk int
}

// New builds the API; Register adds its routes.
func New(deps Deps) *API {
	gate := apiauth.NewGate(deps.Deps)
	if deps.Pages == nil {
		deps.Pages = pagecache.New(fixedAnswers)
	}
	if deps.StreamChunk <= 0 {
		deps.StreamChunk = store.StreamChunk
	}
	return &API{
		config:   deps.Config,
		store:    deps.Store,
		logger:   gate.Logger,
		now:      gate.Now,
		verifier: gate.Verifier,
		limiter:  gate.Limiter,

		versions:    gate.Versions,
		pages:       deps.Pages,
		lookups:     pagecache.New(lookupAnswers),
		streamChunk: deps.StreamChunk,
	}
}
