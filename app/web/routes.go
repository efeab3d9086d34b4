package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"statusdash/app/apiauth"
	"statusdash/app/auth"
	"statusdash/app/model"
	"statusdash/app/notify/token"

	"statusdash/app/api/openapi"
	"statusdash/app/api/pingmon"
	"statusdash/app/api/stackmon"
	"statusdash/app/api/statuspage"
	"statusdash/app/api/typed"
)

// routes lists every route, grouped by who may use it.
func (s *Server) routes() {
	e := s.echo
	// Security headers go on every response from Handler, which sets them
	// before Echo runs (headers.go).
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
	e.GET("/timezone", s.updateTimeZone, s.sameOriginForms)
	e.POST("/timezone", s.updateTimeZone, s.sameOriginForms)
	e.POST("/language", s.updateLanguage, s.sameOriginForms)
	get("/static/:hash/*", s.showStatic)
	get("/favicon.ico", s.showFavicon)
	// Badges and the embeddable status line, for other sites (badge_show.go, embed_show.go).
	get("/badge/*", s.showBadge)
	e.GET("/embed", s.showEmbed, s.embedHeaders)
	e.HEAD("/embed", s.showEmbed, s.embedHeaders)
	get("/brand/:name", s.showBrandFile)
	get("/healthz", s.showHealth)
	get("/readyz", s.showReadiness)
	get("/metrics", echo.WrapHandler(s.metrics.Handler()))

	// Subscriptions: the signed token in each link is the authority, so
	// these forms need neither a session nor a CSRF token (RFC 8058's
	// one-click POST carries none). No HEAD: a link checker's HEAD must
	// not confirm a subscription, and monitors check no form.
	subscribe := []echo.MiddlewareFunc{explainErrors, withoutCaching, s.writeDeadline, limitFormBody}
	e.GET("/subscribe", s.showSubscribe, subscribe...)
	e.POST("/subscribe", s.createSubscription, append(subscribe, s.sameOriginForms, s.limitSubscribe)...)
	e.GET(token.ConfirmPath, s.confirmSubscription, subscribe...)
	e.GET(token.ManagePath, s.showManageSubscription, subscribe...)
	e.POST(token.ManagePath, s.changeSubscription, subscribe...)
	e.GET(token.UnsubscribePath, s.showUnsubscribe, subscribe...)
	e.POST(token.UnsubscribePath, s.unsubscribe, subscribe...)

	// Sign-in, signed-in operators (/manage) and admins (/admin): below.
	s.manageRoutes(s.auth)

	// API: stackmon v1 (/api/v1, /v1) and v2 (/v2) with bearer credentials,
	// the Statuspage public JSON (/api/v2) and the OpenAPI document. Each
	// group answers its own errors in JSON.
	api := apiauth.Deps{
		Config:   s.config,
		Store:    s.store,
		Cache:    s.cache,
		Logger:   s.logger,
		Now:      s.now,
		Versions: s.versions,
	}
	if s.auth != nil {
		api.Provider = s.auth.Provider()
	}
	stackmon.New(stackmon.Deps{Deps: api}).Register(e)
	s.typedRoutes(api)
	statuspage.New(statuspage.Deps{
		Store:    s.store,
		Versions: s.versions,
		PageName: s.config.Title,
		PageURL:  s.config.BaseURL,
		TimeZone: s.config.TimeZone,
		Now:      s.now,
		Logger:   s.logger,
	}).Register(e)
	pingmon.New(pingmon.Deps{Store: s.store, Logger: s.logger}).Register(e)
	openapi.Register(e)
}

// typedRoutes mounts the typed API (app/api/typed): gRPC, gRPC-Web and
// Connect under /<package>.<Service>/ with server reflection, over the same
// store and credentials as the JSON API. The security headers (Handler) and
// the metrics middleware apply; connect-go bounds the message size.
func (s *Server) typedRoutes(api apiauth.Deps) {
	for _, mount := range typed.New(api).Handlers() {
		// Every protocol calls with POST (no method is marked idempotent for GET).
		s.echo.POST(mount.Prefix+"*", echo.WrapHandler(mount.Handler))
	}
}

// manageRoutes adds sign-in, the operator pages under /manage and the admin
// pages under /admin. Without sign-in (a is nil or not configured) those
// pages answer 404 "not enabled", and the log, not the visitor, learns how
// to configure it. Every route here loads the session, refuses a POST
// without a valid CSRF token (403) and is never cached.
func (s *Server) manageRoutes(a *auth.Auth) {
	e := s.echo
	if !signInEnabled(a) {
		s.logger.Info("web: operator sign-in is off", "how", auth.NotConfiguredMessage)
		explain := func(echo.Context) error {
			return &HTTPError{Status: http.StatusNotFound, Message: auth.NotEnabledMessage}
		}
		for _, path := range []string{"/login", "/auth/callback", "/manage", "/manage/*", "/admin/*"} {
			e.GET(path, explain, withoutCaching)
		}
		e.POST("/logout", explain, withoutCaching)
		e.POST("/manage/*", explain, withoutCaching)
		return
	}
	m := &manager{server: s, auth: a}
	// The body limit comes before CSRF, which reads the form: an oversized
	// form gets 413, not a misleading "missing token".
	session := []echo.MiddlewareFunc{explainErrors, withoutCaching, s.writeDeadline, limitFormBody, a.LoadSession, a.CSRF}

	// Sign-in.
	e.GET("/login", a.Login, session...)
	e.GET("/auth/callback", a.Callback, session...)
	e.POST("/logout", a.Logout, session...)

	// Operators.
	ops := e.Group("/manage", append(session, a.RequireRole(auth.RoleOperator))...)
	ops.GET("", m.showDashboard)
	ops.GET("/incidents/new", m.showNewEvent(model.TypeIncident))
	ops.POST("/incidents", m.createEvent(model.TypeIncident))
	ops.GET("/maintenance/new", m.showNewEvent(model.TypeMaintenance))
	ops.POST("/maintenance", m.createEvent(model.TypeMaintenance))
	ops.GET("/notices/new", m.showNewEvent(model.TypeInfo))
	ops.POST("/notices", m.createEvent(model.TypeInfo))
	ops.GET("/events/:id", m.showEvent)
	ops.POST("/events/:id/updates", m.addUpdate)
	ops.POST("/events/:id/edit", m.editEvent)
	ops.POST("/events/:id/extract", m.extractComponents)
	ops.GET("/events/:id/updates/:index/edit", m.showEditUpdateText)
	ops.POST("/events/:id/updates/:index/edit", m.editUpdateText)
	// Checks: operators see them and pause or resume them; admins also
	// create, edit and delete them.
	adminOnly := a.RequireRole(auth.RoleAdmin)
	ops.GET("/checks", m.listChecks)
	ops.GET("/checks/new", m.showNewCheck, adminOnly)
	ops.POST("/checks", m.createCheck, adminOnly)
	ops.GET("/checks/:id", m.showCheck)
	ops.GET("/checks/:id/edit", m.showEditCheck, adminOnly)
	ops.POST("/checks/:id/edit", m.editCheck, adminOnly)
	ops.POST("/checks/:id/delete", m.deleteCheck, adminOnly)
	ops.POST("/checks/:id/pause", m.pauseCheck(true))
	ops.POST("/checks/:id/resume", m.pauseCheck(false))

	// Admins.
	admin := e.Group("/admin", append(session, a.RequireRole(auth.RoleAdmin))...)
	admin.GET("/audit", m.listAudit)
	admin.GET("/subscribers", m.listSubscribers)
	admin.POST("/subscribers/:id/delete", m.removeSubscriber("/admin/subscribers"))
	admin.GET("/webhooks", m.listWebhooks)
	admin.POST("/webhooks", m.createWebhook)
	admin.POST("/webhooks/:id/delete", m.removeSubscriber("/admin/webhooks"))
	admin.GET("/deliveries", m.listDeliveries)
	admin.POST("/deliveries/:id/retry", m.retryDelivery)
}

// signInEnabled reports whether operators can sign in: a is set and configured.
func signInEnabled(a *auth.Auth) bool { return a != nil && a.Enabled() }
