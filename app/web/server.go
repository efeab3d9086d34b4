// Package web serves statusdash's HTML pages through Echo v4: the public
// pages (cached as finished, compressed bytes per data version), static
// files, health checks and, later, the signed-in and API route groups.
package web

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"sync"
	"time"
	_ "time/tzdata" // time zones work on machines without a zoneinfo database

	"github.com/labstack/echo/v4"

	"statusdash/app/auth"
	"statusdash/app/badge"
	"statusdash/app/cache"
	"statusdash/app/config"
	"statusdash/app/feed"
	"statusdash/app/locale"
	"statusdash/app/markdown"
	"statusdash/app/metrics"
	"statusdash/app/pagecache"
	"statusdash/app/render"
	"statusdash/app/store"
	"statusdash/static"
	"statusdash/templates"
)

// Deps are what the server needs; the CLI builds them. Add fields here for
// new route groups (sessions, OIDC, API credentials).
type Deps struct {
	Config config.Config
	Store  *store.Storage
	// Versions reports the data version keying cached pages, the store's
	// when nil; the server reads it through cache.Shared.
	Versions cache.VersionSource
	// Cache is checked by /readyz; nil when there is none.
	Cache  cache.Cache
	Logger *slog.Logger
	Now    func() time.Time
	// Templates and Static default to the embedded files; a dev mode may
	// pass os.DirFS.
	Templates fs.FS
	Static    fs.FS
	// Locales holds the message files under locales/ (templates.LocalesFS
	// by default): one active.<language>.toml per language offered.
	Locales fs.FS
	// MaxCachedPages bounds the page cache; 0 means 1024.
	MaxCachedPages int
	// Auth signs operators in; nil leaves sign-in off (the operator pages
	// say how to configure it).
	Auth *auth.Auth
	// Confirmations sends the double opt-in of new subscriptions; nil turns
	// the subscription pages off.
	Confirmations ConfirmationSender
	// Deliveries lists and retries notification deliveries on
	// /admin/deliveries; nil answers that page with 404.
	Deliveries DeliveryAdmin
}

// Server holds the handlers' dependencies.
type Server struct {
	config   config.Config
	store    *store.Storage
	versions cache.VersionSource
	cache    cache.Cache
	logger   *slog.Logger
	now      func() time.Time

	renderer *render.Renderer
	locales  *locale.Catalog
	markdown *markdown.Renderer
	feeds    *feed.Builder
	pages    *pagecache.Pages
	assets   *assets
	zones    *zones
	auth     *auth.Auth
	// subscriptions serves /subscribe; nil when off.
	subscriptions *subscriptions
	deliveries    DeliveryAdmin
	// subscribeLimit is the subscription forms a client address may send
	// per subscribeWindow.
	subscribeLimit int
	// crossOrigin refuses the public forms when another site sends them.
	crossOrigin *http.CrossOriginProtection

	// brand is the layout's branding, brandFiles the files under /brand/,
	// badges draws /badge/ and embedPolicy is the CSP of /embed.
	brand       *render.Brand
	brandFiles  *brandFiles
	badges      *badge.Renderer
	embedPolicy []string

	// finishedBars keeps the overview bars' finalized days (overview_bars_cache.go).
	finishedBars finishedBars

	metrics *metrics.Metrics
	echo    *echo.Echo
	handler http.Handler // echo behind the security headers
}

// pageTemplates are the template sets the server renders; New fails without them.
var pageTemplates = []string{pageOverview, pageIncident, pageHistory, pageAvailability, pageService, pageError, pageEmbed}

// Template set names.
const (
	pageOverview     = "pages/overview"
	pageIncident     = "pages/incident"
	pageHistory      = "pages/history"
	pageAvailability = "pages/availability"
	pageService      = "pages/service"
	pageError        = "errors/error"
	pageEmbed        = "pages/embed"
)

// New parses the templates, loads the static files and registers the routes.
func New(deps Deps) (*Server, error) {
	if deps.Store == nil {
		return nil, errors.New("web: a store is required")
	}
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Versions == nil {
		deps.Versions = deps.Store
	}
	if deps.Templates == nil {
		deps.Templates = templates.FS
	}
	if deps.Static == nil {
		deps.Static = static.FS
	}
	if deps.Locales == nil {
		deps.Locales = templates.LocalesFS
	}
	if deps.MaxCachedPages <= 0 {
		deps.MaxCachedPages = 1024
	}
	zones, err := newZones(deps.Config.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("web: SDB_TIME_ZONE: %w", err)
	}
	assets, err := loadAssets(deps.Static)
	if err != nil {
		return nil, err
	}
	locales, err := locale.Load(deps.Locales, "locales")
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	md := markdown.New()
	renderer, err := render.New(deps.Templates, render.Options{Markdown: md, Asset: assets.url, Locales: locales})
	if err != nil {
		return nil, err
	}
	if err := renderer.Require(pageTemplates...); err != nil {
		return nil, err
	}
	if err := renderer.Require(manageTemplates...); err != nil {
		return nil, err
	}
	if err := renderer.Require(subscribeTemplates...); err != nil {
		return nil, err
	}
	subscriptions, err := newSubscriptions(deps.Confirmations, deps.Config.BaseURL, deps.Config.SecretKey)
	if err != nil {
		return nil, fmt.Errorf("web: subscriptions: %w", err)
	}
	brand, brandFiles, err := newBrand(deps.Config)
	if err != nil {
		return nil, err
	}
	badges, err := badge.New()
	if err != nil {
		return nil, err
	}
	clientAddress, err := clientAddresses(deps.Config)
	if err != nil {
		return nil, fmt.Errorf("web: SDB_TRUSTED_PROXIES: %w", err)
	}
	crossOrigin, err := newCrossOriginProtection(deps.Config.BaseURL)
	if err != nil {
		return nil, err
	}
	versions := cache.Shared(deps.Versions)
	s := &Server{
		config:   deps.Config,
		store:    deps.Store,
		versions: versions,
		cache:    deps.Cache,
		logger:   deps.Logger,
		now:      deps.Now,
		renderer: renderer,
		locales:  locales,
		markdown: md,
		feeds:    feed.New(md),
		pages:    pagecache.New(deps.MaxCachedPages),
		assets:   assets,
		zones:    zones,
		auth:     deps.Auth,

		subscriptions:  subscriptions,
		deliveries:     deps.Deliveries,
		subscribeLimit: defaultSubscribeLimit,
		crossOrigin:    crossOrigin,
		brand:          brand,
		brandFiles:     brandFiles,
		badges:         badges,
		embedPolicy:    embedPolicy(deps.Config.FrameAncestors()),
		metrics:        metrics.New(),
		echo:           echo.New(),
	}
	s.echo.HideBanner = true
	s.echo.HidePort = true
	s.echo.HTTPErrorHandler = s.handleError
	s.echo.IPExtractor = clientAddress
	s.echo.JSONSerializer = jsonSerializer{}
	s.routes()
	s.handler = growStreamStack(yieldAfterEachRequest(securityHeaders(s.echo)))
	return s, nil
}

// Handler is the server's http.Handler: every route, behind the security
// headers, yielding the processor after each request (fairness.go), on a
// stack grown up front for HTTP/2 (stack.go).
func (s *Server) Handler() http.Handler { return s.handler }

// HTTPServer is the http.Server that serves Handler, with its timeouts.
// Besides HTTP/1.1 it speaks HTTP/2 without TLS (h2c, with prior
// knowledge): gRPC clients of the typed API connect to the same listener
// as browsers.
func (s *Server) HTTPServer() *http.Server {
	protocols := new(http.Protocols)
	protocols.SetHTTP1(true)
	protocols.SetUnencryptedHTTP2(true)
	return &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		Protocols:         protocols,
	}
}

// zones loads and remembers valid time zones; LoadLocation reads the zone
// database each time, which is too slow for every request.
type zones struct {
	fallback *time.Location
	mu       sync.RWMutex
	loaded   map[string]*time.Location
}

func newZones(fallback string) (*zones, error) {
	z := &zones{loaded: map[string]*time.Location{}}
	if fallback == "" {
		fallback = "UTC"
	}
	location, err := z.load(fallback)
	if err != nil {
		return nil, err
	}
	z.fallback = location
	return z, nil
}

// load validates name with time.LoadLocation; "Local" and "" are refused,
// as they name the server's zone rather than the reader's.
func (z *zones) load(name string) (*time.Location, error) {
	z.mu.RLock()
	location, ok := z.loaded[name]
	z.mu.RUnlock()
	if ok {
		return location, nil
	}
	if name == "" || name == "Local" || len(name) > 64 {
		return nil, fmt.Errorf("unknown time zone %q", name)
	}
	location, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q", name)
	}
	z.mu.Lock()
	z.loaded[name] = location
	z.mu.Unlock()
	return location, nil
}
