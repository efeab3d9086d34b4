package auth

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"statusdash/app/redirect"
)

// SessionsUnavailableMessage is the 503 page's text while the session store
// (Redis) does not answer.
const SessionsUnavailableMessage = "Sessions are unavailable right now: the session store does not answer. " +
	"The public pages keep working; try again in a minute."

// sessionsUnavailable logs a session store failure and answers 503.
func (a *Auth) sessionsUnavailable(c echo.Context, doing string, err error) error {
	a.logger.Error("auth: sessions unavailable", "doing", doing, "error", err)
	c.Response().Header().Set("Retry-After", "30")
	return echo.NewHTTPError(http.StatusServiceUnavailable, SessionsUnavailableMessage).SetInternal(err)
}

// LoadSession puts the signed-in user's session, if any, into the context.
// A forged, expired or unknown cookie is cleared and the request goes on as
// anonymous. A cache failure answers 503: a signed-in operator must not be
// taken for anonymous and sent to sign in again. Only the sign-in and
// operator routes load sessions; the public pages never wait on Redis.
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
			return a.sessionsUnavailable(c, "load session", err)
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
