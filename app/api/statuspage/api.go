// Package statuspage serves the read-only JSON files that Atlassian
// Statuspage pages publish under /api/v2/, so status aggregators, chat
// integrations and client libraries read statusdash unchanged. Every file is
// built once per data version (and time bucket) and served from memory as
// finished, pre-compressed bytes.
package statuspage

import (
	"log/slog"
	"time"

	"statusdash/app/cache"
	"statusdash/app/pagecache"
	"statusdash/app/store"
)

// Defaults of Deps.
const (
	DefaultPageID     = "statusdash"
	DefaultTimeBucket = 30 * time.Second
	// incidentLimit is how many incidents and maintenances the history files hold.
	incidentLimit = 50
)

// Deps are what the API needs; the CLI builds them.
type Deps struct {
	Store *store.Storage
	// Versions reports the data version keying the cached files (the
	// store's); it is read through cache.Shared.
	Versions cache.VersionSource
	// Pages caches the finished files; nil gives the API a cache of its own.
	Pages *pagecache.Pages
	// PageID, PageName, PageURL and TimeZone fill each file's "page" object
	// (defaults: "statusdash", "Service Status", "", "UTC"). PageURL also
	// prefixes the incidents' shortlinks.
	PageID   string
	PageName string
	PageURL  string
	TimeZone string
	// TimeBucket bounds how long a file may lag behind the clock (a
	// maintenance window starting, say) when no write happens; default 30s.
	TimeBucket time.Duration
	Now        func() time.Time
	Logger     *slog.Logger
}

// API serves the Statuspage files.
type API struct {
	store    *store.Storage
	versions cache.VersionSource
	pages    *pagecache.Pages
	page     pageInfo
	bucket   time.Duration
	now      func() time.Time
	logger   *slog.Logger
}

// New returns the API. A nil Store is a wiring mistake and panics at start-up.
func New(deps Deps) *API {
	if deps.Store == nil {
		panic("statuspage: a store is required")
	}
	if deps.Versions == nil {
		deps.Versions = deps.Store
	}
	versions := cache.Shared(deps.Versions)
	if deps.Pages == nil {
		deps.Pages = pagecache.New(4 * len(documents))
	}
	if deps.PageID == "" {
		deps.PageID = DefaultPageID
	}
	if deps.PageName == "" {
		deps.PageName = "Service Status"
	}
	if deps.TimeZone == "" {
		deps.TimeZone = "UTC"
	}
	if deps.TimeBucket <= 0 {
		deps.TimeBucket = DefaultTimeBucket
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	return &API{
		store:    deps.Store,
		versions: versions,
		pages:    deps.Pages,
		page:     pageInfo{ID: deps.PageID, Name: deps.PageName, URL: deps.PageURL, TimeZone: deps.TimeZone},
		bucket:   deps.TimeBucket,
		now:      deps.Now,
		logger:   deps.Logger,
	}
}
