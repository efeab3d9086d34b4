package auth

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"statusdash/app/redirect"
)

// LoadSession puts the signed-in user's session, if any, into the context.
// A forged, expired or unknown cookie is cleared and the request goes on as
// anonymous; a cache failure is logged and treated the same, so the public
// pages keep working without Redis.
func (a *Auth) LoadSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		cookie, err := c.Cookie(SessionCookie)
		if err != nil || cookie.Value == "" {
			return next(c)
		}
		session, err := a.sessions.load(c.Request().Context(), cookie.Value, a.now())
		switch {
		case err == nil:
			c.Set(contextKey, session)
		case errors.Is(err, errNoSession):
			c.SetCookie(a.clearCookie(SessionCookie))
		default:
			a.logger.Warn("auth: session lookup failed; treating the request as anonymous", "error", err)
		}
		return next(c)
	}
}

// SessionFrom returns the session LoadSession found.
func SessionFrom(c echo.Context) (*Session, bool) {
	session, ok := c.Get(contextKey).(*Session)
	return session, ok && session != nil
}

// CurrentUser returns the signed-in user, if any.
func CurrentUser(c echo.Context) (*User, bool) {
	session, ok := SessionFrom(c)
	if !ok {
		return nil, false
	}
	return &session.User, true
}

// RequireRole sends anonymous browsers to sign in (303 to /login?next=...)
// and refuses signed-in people without the role with 403.
func (a *Auth) RequireRole(role Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			user, ok := CurrentUser(c)
			if !ok {
				target := "/login"
				if method := c.Request().Method; method == http.MethodGet || method == http.MethodHead {
					target += "?next=" + url.QueryEscape(redirect.Local(c.Request().URL.RequestURI()))
				}
				return redirect.SeeOther(c, target)
			}
			if !user.Role.Allows(role) {
				return echo.NewHTTPError(http.StatusForbidden, roleRefusal(user, role))
			}
			return next(c)
		}
	}
}

func roleRefusal(user *User, need Role) string {
	who := user.DisplayName()
	if user.Role == RoleNone {
		return "You are signed in as " + who + ", but your account is in no operator or admin group " +
			"of this status dashboard. Ask an administrator to add you to one."
	}
	return "You are signed in as " + who + " (" + string(user.Role) + "); this page needs the " +
		string(need) + " role."
}
