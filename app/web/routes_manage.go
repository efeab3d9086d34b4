package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"statusdash/app/auth"
	"statusdash/app/model"
)

// maxFormBody bounds an operator form: the largest valid one (title,
// description and message at their limits, percent-encoded, and every
// component ticked) stays far below it.
const maxFormBody = 2 << 20

// manageRoutes adds sign-in, the operator pages under /manage and the admin
// pages under /admin. Without sign-in (a is nil) those pages say how to
// configure it. Every route here loads the session, refuses a POST without
// a valid CSRF token (403) and is never cached.
func (s *Server) manageRoutes(a *auth.Auth) {
	e := s.echo
	if a == nil {
		explain := func(echo.Context) error {
			return &HTTPError{Status: http.StatusServiceUnavailable, Message: auth.NotConfiguredMessage}
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
	session := []echo.MiddlewareFunc{explainErrors, withoutCaching, limitFormBody, a.LoadSession, a.CSRF}

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

	// Admins.
	admin := e.Group("/admin", append(session, a.RequireRole(auth.RoleAdmin))...)
	admin.GET("/audit", m.listAudit)
}

// limitFormBody refuses a form body over maxFormBody with 413 and caps what
// is read of a body without a length.
func limitFormBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		request := c.Request()
		if request.ContentLength > maxFormBody {
			return &HTTPError{Status: http.StatusRequestEntityTooLarge,
				Message: "The form is too large. Titles may have 200 characters and texts 10,000."}
		}
		if request.Body != nil {
			request.Body = http.MaxBytesReader(c.Response(), request.Body, maxFormBody)
		}
		return next(c)
	}
}
