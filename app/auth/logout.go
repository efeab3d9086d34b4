package auth

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"statusdash/app/redirect"
)

// Logout (POST /logout, behind CSRF) deletes the session server-side, so the
// cookie is worthless even if kept, and answers 303 to /.
func (a *Auth) Logout(c echo.Context) error {
	if session, ok := SessionFrom(c); ok {
		if err := a.sessions.delete(c.Request().Context(), session.id); err != nil {
			a.logger.Error("auth: delete session at logout", "error", err)
			return echo.NewHTTPError(http.StatusServiceUnavailable, "Signing out failed; try again.")
		}
		c.Set(contextKey, nil)
	}
	c.SetCookie(a.clearCookie(SessionCookie))
	return redirect.SeeOther(c, redirect.Home)
}
