package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"statusdash/app/pagecache"
)

// showBrandFile serves a logo or the accent stylesheet; with the current
// version in its URL it may be cached for a year, otherwise revalidated.
func (s *Server) showBrandFile(c echo.Context) error {
	file, ok := s.brandFiles.files[c.Param("name")]
	if !ok {
		return notFound("There is no file %q.", c.Param("name"))
	}
	header := c.Response().Header()
	header["Vary"] = varyEncoding
	header["Cache-Control"] = revalidate
	if version := c.QueryParam("v"); version != "" && version == brandVersion(file.ETag) {
		header["Cache-Control"] = immutable
	}
	body, etag := file.Body, file.ETag
	compressed := pagecache.AcceptsGzip(c.Request().Header.Get(echo.HeaderAcceptEncoding)) && len(file.Gzip) < len(file.Body)
	if compressed {
		body, etag = file.Gzip, file.GzipETag
	}
	header["Etag"] = []string{etag}
	if match := c.Request().Header.Get("If-None-Match"); match != "" && pagecache.MatchesETag(match, etag) {
		return c.NoContent(http.StatusNotModified)
	}
	if compressed {
		header["Content-Encoding"] = gzipEncoding
	}
	return c.Blob(http.StatusOK, file.ContentType, body)
}
