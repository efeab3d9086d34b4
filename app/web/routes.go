package web

import "github.com/labstack/echo/v4"

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

	// API: e.Group("/api", <credential middleware>) for the stackmon v1/v2 and
	// Statuspage JSON APIs; left to the API issue.
	_ = []*echo.Group{}
}
