package stackmon

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/pagecache"
	"statusdash/app/store"
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

// Header values of every streamed document, shared read-only.
var (
	jsonType     = []string{jsonContentType}
	varyEncoding = []string{echo.HeaderAcceptEncoding}
	revalidate   = []string{"no-cache"}
)

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
// it goes through the page cache like the HTML pages: built once per data
// version for every request missing it, the last good copy marked stale
// (Warning: 110) while the database cannot be read, and the family's 503
// when there is none. Without a key (a filtered list) it is built for this
// request alone.
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
		return writeDocument(c, page)
	}
	version, versionErr := a.versions.DataVersion(c.Request().Context())
	var current *pagecache.Page
	if versionErr == nil {
		// These documents do not change with the clock: the version alone says when.
		page, fresh := a.pages.Lookup(key, version, time.Time{})
		if fresh {
			return writeDocument(c, page)
		}
		current = page
	}
	if versionErr != nil && !unavailable(versionErr) {
		a.logger.Warn("stackmon: data version unavailable; document not cached", "error", versionErr)
	}
	miss := pagecache.Miss{Key: key, Version: version, VersionErr: versionErr, Current: current, Unavailable: unavailable}
	page, stale, err := a.pages.Produce(miss, build)
	switch {
	case err != nil:
		return err // the family's 503 with Retry-After, or 500
	case stale:
		a.logger.Warn("stackmon: serving the last good document", "document", key, "as_of", page.BuiltAt)
		return a.pages.WriteStale(c.Response(), c.Request(), page, nil)
	}
	return writeDocument(c, page)
}

// unavailable tells the errors that say the database cannot be read now.
func unavailable(err error) bool { return errors.Is(err, store.ErrUnavailable) }

// writeDocument sets the headers of a document and leaves 304, gzip and
// HEAD to the page.
func writeDocument(c echo.Context, page *pagecache.Page) error {
	header := c.Response().Header()
	header["Content-Type"] = jsonType
	header["Vary"] = varyEncoding
	header["Cache-Control"] = revalidate
	return page.Write(c.Response(), c.Request())
}
