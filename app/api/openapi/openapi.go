// Package openapi holds the OpenAPI 3 document describing every JSON
// endpoint of statusdash (stackmon v1 and v2, the Statuspage public files)
// and serves it at /api/openapi.yaml.
package openapi

import (
	_ "embed"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"statusdash/app/pagecache"
)

// Path is where the document is served.
const Path = "/api/openapi.yaml"

// ContentType is the document's media type.
const ContentType = "application/yaml"

// Document is the OpenAPI 3.0 document, embedded at build time.
//
//go:embed openapi.yaml
var Document []byte

// Register serves the document at Path, public, with a strong ETag, to GET
// and to HEAD (headers alone, as monitors and link checkers send it).
func Register(e *echo.Echo) {
	etag := pagecache.ETag(Document)
	length := strconv.Itoa(len(Document))
	show := func(c echo.Context) error {
		header := c.Response().Header()
		header.Set(echo.HeaderContentType, ContentType)
		header.Set("ETag", etag)
		header.Set("Cache-Control", "no-cache")
		header.Set("Access-Control-Allow-Origin", "*")
		if c.Request().Header.Get("If-None-Match") == etag {
			header.Del(echo.HeaderContentType)
			return c.NoContent(http.StatusNotModified)
		}
		// Set here, as net/http cannot count a HEAD answer's body.
		header.Set(echo.HeaderContentLength, length)
		return c.Blob(http.StatusOK, ContentType, Document)
	}
	e.GET(Path, show)
	e.HEAD(Path, show)
}
