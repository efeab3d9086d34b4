package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// updateLanguage (POST /language) stores the language chosen in the form
// in a cookie, as the time-zone form does, and sends the reader back; a
// language the page is not offered in is a 400 naming lang.
func (s *Server) updateLanguage(c echo.Context) error {
	tag := strings.TrimSpace(c.FormValue("lang"))
	lang, ok := s.locales.Lookup(tag)
	if !ok {
		return localizedError(http.StatusBadRequest, "error.language", "Value", truncate(tag, 40))
	}
	return s.rememberChoice(c, langCookie, lang.Tag)
}
