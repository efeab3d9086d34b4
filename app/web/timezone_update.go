package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/redirect"
)

// zoneCookieAge keeps the reader's choice for a year.
const zoneCookieAge = 365 * 24 * time.Hour

// updateTimeZone stores the zone chosen in the form (GET or POST) in a
// cookie and sends the reader back; an unknown zone is a 400 naming tz.
func (s *Server) updateTimeZone(c echo.Context) error {
	name := strings.TrimSpace(c.FormValue("tz"))
	if _, err := s.zones.load(name); err != nil {
		return badRequest("tz", "%q is not a time zone name such as Europe/Berlin", name)
	}
	return s.rememberChoice(c, zoneCookie, name)
}

// rememberChoice keeps a reader's choice (time zone, language) in a cookie
// for zoneCookieAge and sends them back to the page the form names.
func (s *Server) rememberChoice(c echo.Context, cookie, value string) error {
	c.SetCookie(&http.Cookie{
		Name:     cookie,
		Value:    value,
		Path:     "/",
		MaxAge:   int(zoneCookieAge.Seconds()),
		HttpOnly: true,
		Secure:   strings.HasPrefix(s.config.BaseURL, "https://"),
		SameSite: http.SameSiteLaxMode,
	})
	return redirect.SeeOther(c, c.FormValue("return"))
}
