package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"statusdash/app/auth"
	"statusdash/app/incident"
	"statusdash/app/model"
	"statusdash/app/redirect"
	"statusdash/app/render"
	"statusdash/app/store"
)

// manager holds the operator and admin handlers: the server's store,
// renderer and zones, and sign-in.
type manager struct {
	server *Server
	auth   *auth.Auth
}

// managePage is what every operator page's data embeds: the layout's data
// plus the signed-in person and the CSRF field their forms carry.
type managePage struct {
	render.Page
	User    *auth.User
	IsAdmin bool
	CSRF    template.HTML
	// Errors are the field errors of the form shown again, by field name.
	Errors incident.FieldErrors
}

// Template set names of the operator pages.
const (
	pageManageDashboard  = "pages/manage_dashboard"
	pageManageEventNew   = "pages/manage_event_new"
	pageManageEvent      = "pages/manage_event"
	pageManageUpdateText = "pages/manage_update_text"
	pageManageAudit      = "pages/manage_audit"
)

// manageTemplates are the operator pages the server must have.
var manageTemplates = []string{pageManageDashboard, pageManageEventNew, pageManageEvent, pageManageUpdateText, pageManageAudit,
	pageManageChecks, pageManageCheck, pageManageCheckForm, pageManageDeliveries}

// page fills the common data of an operator page.
func (m *manager) page(c echo.Context, title, nav string) managePage {
	page := managePage{Page: m.server.basePage(m.server.plainRequest(c), title, ""), CSRF: m.auth.CSRFField(c)}
	if user, ok := auth.CurrentUser(c); ok {
		page.User = user
		page.IsAdmin = user.Role.Allows(auth.RoleAdmin)
	}
	page.Nav = append(page.Nav, render.Link{Label: "Manage", URL: "/manage", Current: nav == "manage"},
		render.Link{Label: "Checks", URL: "/manage/checks", Current: nav == "checks"})
	if page.IsAdmin {
		page.Nav = append(page.Nav, render.Link{Label: "Audit log", URL: "/admin/audit", Current: nav == "audit"},
			render.Link{Label: "Subscribers", URL: "/admin/subscribers", Current: nav == "subscribers"},
			render.Link{Label: "Webhooks", URL: "/admin/webhooks", Current: nav == "webhooks"},
			render.Link{Label: "Deliveries", URL: "/admin/deliveries", Current: nav == "deliveries"})
	}
	return page
}

// render writes an operator page with the status; operator pages are never
// stored by the page cache nor by the browser.
func (m *manager) render(c echo.Context, status int, name string, data any) error {
	body, err := m.server.renderer.Bytes(name, data)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.HTMLBlob(status, body)
}

// seeOther answers a successful POST: 303 to the page showing the result.
func seeOther(c echo.Context, target string) error {
	return redirect.SeeOther(c, target)
}

// actor is the signed-in person as the audit log and updates name them.
func actor(c echo.Context) store.Actor {
	user, ok := auth.CurrentUser(c)
	if !ok {
		return store.Actor{Subject: "unknown"}
	}
	return store.Actor{Subject: user.Subject, Name: user.DisplayName(), Email: user.Email}
}

// eventID reads the :id parameter; anything but a positive number is a 404.
func eventID(c echo.Context) (uint, error) {
	raw := c.Param("id")
	id, err := strconv.ParseUint(raw, 10, 32)
	if err != nil || id == 0 {
		return 0, notFound("There is no event %q.", truncate(raw, 40))
	}
	return uint(id), nil
}

// loadEvent reads the event with components and updates; unknown is 404.
func (m *manager) loadEvent(c echo.Context, id uint) (*model.Event, error) {
	event, err := m.server.store.ReadEvent(c.Request().Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound("There is no event %d.", id)
	}
	return event, err
}

// postedEvent reads what every form posted about an event carries: the :id,
// the form values and the event; an unreadable form is 400, unknown 404.
func (m *manager) postedEvent(c echo.Context) (*model.Event, url.Values, error) {
	id, err := eventID(c)
	if err != nil {
		return nil, nil, err
	}
	values, err := c.FormParams()
	if err != nil {
		return nil, nil, badRequest("form", "cannot be read: %v", err)
	}
	event, err := m.loadEvent(c, id)
	if err != nil {
		return nil, nil, err
	}
	return event, values, nil
}

// writeFailed sorts a store error: bad input, or a write other events
// refuse (a reopen), gives its field errors (shown with 422), an unknown
// event 404, anything else fails the request.
func writeFailed(err error) (incident.FieldErrors, error) {
	if invalid, ok := store.AsValidation(err); ok {
		return invalid.Fields, nil
	}
	var conflict *store.ConflictError
	if errors.As(err, &conflict) {
		return incident.FieldErrors{conflict.Field: conflict.Message}, nil
	}
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound("The event or update no longer exists.")
	}
	return nil, err
}

// withoutCaching keeps operator pages and their redirects out of every cache.
func withoutCaching(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
		return next(c)
	}
}

// writeDeadline gives an operator request one deadline for its database
// calls, the write timeout's.
func (s *Server) writeDeadline(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx, cancel := s.store.WriteDeadline(c.Request().Context())
		defer cancel()
		c.SetRequest(c.Request().WithContext(ctx))
		return next(c)
	}
}

// explainErrors keeps the message of an echo.HTTPError (sign-in refusals,
// CSRF refusal) so the error page shows it, not only the status text.
func explainErrors(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		err := next(c)
		var echoErr *echo.HTTPError
		if errors.As(err, &echoErr) {
			if message, ok := echoErr.Message.(string); ok && message != "" && message != http.StatusText(echoErr.Code) {
				return &HTTPError{Status: echoErr.Code, Message: message}
			}
		}
		return err
	}
}
