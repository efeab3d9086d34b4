package web

import (
	"statusdash/app/api/openapi"
	"statusdash/app/api/stackmon"
	"statusdash/app/api/statuspage"
)

// routes lists every route, grouped by who may use it.
func (s *Server) routes() {
	e := s.echo
	// Security headers go on every response, including 404s and static files.
	e.Pre(securityHeaders)

	// Public: no sign-in.
	e.GET("/", s.showOverview)
	e.GET("/incidents/:id", s.showIncident)
	e.GET("/history", s.listHistory)
	e.GET("/availability", s.showAvailability)
	e.GET("/services/:slug", s.showService)
	e.GET("/rss", s.showRSS)
	e.GET("/rss/", s.showRSS)
	e.GET("/atom", s.showAtom)
	e.GET("/ical", s.showICal)
	e.GET("/timezone", s.updateTimeZone)
	e.POST("/timezone", s.updateTimeZone)
	e.GET("/static/:hash/*", s.showStatic)
	e.GET("/healthz", s.showHealth)
	e.GET("/readyz", s.showReadiness)

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
