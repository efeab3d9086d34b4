package web

import (
	"github.com/labstack/echo/v4"
)

// showBrandFile serves a logo or the accent stylesheet; with the current
// version in its URL it may be cached for a year, otherwise revalidated.
func (s *Server) showBrandFile(c echo.Context) error {
	file, ok := s.brandFiles.files[c.Param("name")]
	if !ok {
		return notFound("There is no file %q.", c.Param("name"))
	}
	cacheControl := revalidate
	if version := c.QueryParam("v"); version != "" && version == brandVersion(file.ETag) {
		cacheControl = immutable
	}
	return serveFile(c, file, cacheControl)
}
