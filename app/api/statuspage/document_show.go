package statuspage

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/pagecache"
)

// jsonContentType is what Statuspage sends with its files.
const jsonContentType = "application/json; charset=utf-8"

// builder turns the read data into one file's document.
type builder func(v *view) any

// Header values of every file, shared read-only.
var (
	jsonType     = []string{jsonContentType}
	varyEncoding = []string{echo.HeaderAcceptEncoding}
	revalidate   = []string{"no-cache"}
	anyOrigin    = []string{"*"}
)

// showDocument serves one file: one data-version lookup and a map hit when
// cached; on a miss it reads, builds and caches the file, once for all the
// requests missing it at the same time. When a new time bucket starts with
// no new data version, one request rebuilds the file while the others get
// the previous bucket's copy. When the data cannot be read it serves the
// last good copy, or a JSON 503.
func (a *API) showDocument(name string, build builder) echo.HandlerFunc {
	lastKey := name + "|last"
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		now := a.now()
		key := name + "|" + strconv.FormatInt(now.Truncate(a.bucket).Unix(), 10)
		version, versionErr := a.versions.DataVersion(ctx)
		produce := func() (*pagecache.Page, error) { return a.buildDocument(c, now, build) }
		var page *pagecache.Page
		var err error
		if versionErr == nil {
			if page, ok := a.pages.Get(key, version); ok {
				return writeDocument(c, page)
			}
			var stale *pagecache.Page
			if last, lastVersion, ok := a.pages.Stored(lastKey); ok && lastVersion >= version {
				stale = last // current data, only from an earlier time bucket
			}
			var shared bool
			page, shared, err = a.pages.Build(key, version, stale, produce)
			if shared && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
				// The request that ran the build went away; this one still wants the file.
				if page, err = produce(); err == nil {
					a.pages.Put(key, version, page)
				}
				shared = false
			}
			if err == nil && !shared {
				a.pages.Put(lastKey, version, page)
			}
		} else {
			a.logger.Warn("statuspage: data version unavailable; file not cached", "error", versionErr)
			page, err = produce()
		}
		if err != nil {
			if stale, ok := a.pages.LastGood(lastKey); ok {
				a.logger.Warn("statuspage: serving the last good file", "file", name, "as_of", stale.BuiltAt, "error", err)
				return writeDocument(c, stale)
			}
			a.logger.Error("statuspage: file unavailable", "file", name, "error", err)
			return c.JSON(http.StatusServiceUnavailable, map[string]string{"error": "status data is unavailable, try again later"})
		}
		return writeDocument(c, page)
	}
}

func (a *API) buildDocument(c echo.Context, now time.Time, build builder) (*pagecache.Page, error) {
	data, err := a.store.ReadStatuspage(c.Request().Context(), now, incidentLimit)
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(build(a.newView(data)))
	if err != nil {
		return nil, fmt.Errorf("statuspage: encode: %w", err)
	}
	return &pagecache.Page{Body: body, ContentType: jsonContentType, BuiltAt: now.UTC()}, nil
}

// writeDocument sets the headers of a Statuspage file, CORS open to any
// origin, and leaves 304, gzip and HEAD to the page.
func writeDocument(c echo.Context, page *pagecache.Page) error {
	header := c.Response().Header()
	header["Content-Type"] = jsonType
	header["Vary"] = varyEncoding
	header["Cache-Control"] = revalidate
	header["Access-Control-Allow-Origin"] = anyOrigin
	return page.Write(c.Response(), c.Request())
}
