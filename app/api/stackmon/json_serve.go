package stackmon

import (
	"context"
	"io"

	"github.com/labstack/echo/v4"

	"statusdash/app/pagecache"
)

// Keys of the cached documents; both v1 prefixes share them.
const (
	v1ComponentsKey = "stackmon/v1/component_status"
	v1IncidentsKey  = "stackmon/v1/incidents"
)

// jsonContentType is what c.JSON sends, kept for clients comparing it.
const jsonContentType = echo.MIMEApplicationJSON

// prettyIndent is Echo's indent under ?pretty or in debug mode.
const prettyIndent = "  "

// documentWriter writes a whole JSON document to w, reading under ctx.
type documentWriter func(ctx context.Context, w io.Writer) error

// indentOf is the indent c.JSON would use: Echo indents under ?pretty and
// in debug mode.
func indentOf(c echo.Context) string {
	if _, pretty := c.QueryParams()["pretty"]; pretty || c.Echo().Debug {
		return prettyIndent
	}
	return ""
}

// serveDocument answers with the document write produces, streamed into a
// page kept only compressed (pagecache.Stream), so no request holds the
// plain document and gzip, ETag/304 and HEAD come from the page. With a key
// it is cached like the other answers (serveCached); without one (a
// filtered list) it is built for this request alone.
func (a *API) serveDocument(c echo.Context, key string, write documentWriter) error {
	ctx := c.Request().Context()
	if key != "" {
		// A shared build runs to its end for the readers waiting on it and
		// for the cache, whatever the request that started it: not bounded
		// by that request's deadline (the whole list of a long history takes
		// longer) nor ended by its client leaving. Each read keeps its own
		// deadline (the store's read timeout), so a database that does not
		// answer still ends it.
		ctx = context.WithoutCancel(ctx)
	}
	build := func() (*pagecache.Page, error) {
		return a.pages.Stream(jsonContentType, a.now().UTC(), func(w io.Writer) error {
			return write(ctx, w)
		})
	}
	if key == "" {
		page, err := build()
		if err != nil {
			return err
		}
		return writeAnswer(c, page)
	}
	// These documents do not change with the clock: the version alone says when.
	return a.serveCached(c, cachedAnswer{pages: a.pages, key: key, produce: build})
}
