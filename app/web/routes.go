package web

import (
	"github.com/labstack/echo/v4"

	"statusdash/app/api/openapi"
	"statusdash/app/api/stackmon"
	"statusdash/app/api/statuspage"
)

// routes lists every route, grouped by who may use it.
func (s *Server) routes() {
	e := s.echo
	// Security headers go on every response, including 404s and static files.
	e.Pre(securityHeaders)
	e.Use(s.metrics.Middleware)

	// Public: no sign-in. Each also answers HEAD, as uptime monitors and link checkers send it.
	get := func(path string, handler echo.HandlerFunc) {
		e.GET(path, handler)
		e.HEAD(path, handler)
	}
	get("/", s.showOverview)
	get("/incidents/:id", s.showIncident)
	get("/history", s.listHistory)
	get("/availability", s.showAvailability)
	get("/services/:slug", s.showService)
	get("/rss", s.showRSS)
	get("/rss/", s.showRSS)
	get("/atom", s.showAtom)
	get("/ical", s.showICal)
	e.GET("/timezone", s.updateTimeZone)
	e.POST("/timezone", s.updateTimeZone)
	get("/static/:hash/*", s.showStatic)
	get("/healthz", s.showHealth)
	get("/readyz", s.showReadiness)
	e.GET("/metrics", echo.WrapHandler(s.metrics.Handler()))

	// Sign-in, signed-in operators (/manage) and admins (/admin): see routes_manage.go.
	s.manageRoutes(s.auth)

	// API: stackmon v1 (/api/v1, /v1) and v2 (/v2) with bearer credentials,
	// the Statuspage public JSON (/api/v2) and the OpenAPI document. Each
	// group answers its own errors in JSON.
	stackmon.New(stackmon.Deps{
		Config: s.config,
		Store:  s.store,
		Cache:  s.cache,
		Logger: s.logger,
		Now:    s.now,
	}).Register(e)
	statuspage.New(statuspage.Deps{
		Store:    s.store,
		Versions: s.versions,
		PageName: s.config.Title,
		PageURL:  s.config.BaseURL,
		TimeZone: s.config.TimeZone,
		Now:      s.now,
		Logger:   s.logger,
	}).Register(e)
	openapi.Register(e)
}
