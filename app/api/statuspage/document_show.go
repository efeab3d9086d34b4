package statuspage

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/pagecache"
	"statusdash/app/store"
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
// requests missing it at the same time (pagecache's Lookup and Produce).
// When a new time bucket starts with no new data version, one request
// rebuilds the file while the others get the previous bucket's copy. When
// the data cannot be read it serves the last good copy marked stale
// (Warning: 110), or a JSON 503 with Retry-After.
func (a *API) showDocument(name string, build builder) echo.HandlerFunc {
	return func(c echo.Context) error {
		now := a.now()
		version, versionErr := a.versions.DataVersion(c.Request().Context())
		var current *pagecache.Page
		if versionErr == nil {
			page, fresh := a.pages.Lookup(name, version, now.Truncate(a.bucket))
			if fresh {
				return writeDocument(c, page)
			}
			current = page
		}
		if versionErr != nil && !unavailable(versionErr) {
			a.logger.Warn("statuspage: data version unavailable; file not cached", "error", versionErr)
		}
		miss := pagecache.Miss{Key: name, Version: version, VersionErr: versionErr, Current: current, Unavailable: unavailable}
		// One deadline for the build's database reads.
		ctx, cancel := a.store.ReadDeadline(c.Request().Context())
		defer cancel()
		c.SetRequest(c.Request().WithContext(ctx))
		page, stale, err := a.pages.Produce(miss, func() (*pagecache.Page, error) { return a.buildDocument(c, now, build) })
		switch {
		case unavailable(err):
			a.logger.Warn("statuspage: file unavailable", "file", name, "error", err)
			c.Response().Header().Set("Retry-After", strconv.Itoa(store.RetryAfterSeconds))
			return c.JSON(http.StatusServiceUnavailable, map[string]string{"error": "status data is unavailable, try again later"})
		case err != nil:
			a.logger.Error("statuspage: file failed", "file", name, "error", err)
			return c.JSON(http.StatusInternalServerError, map[string]string{"error": "internal error"})
		case stale:
			a.logger.Warn("statuspage: serving the last good file", "file", name, "as_of", page.BuiltAt)
			c.Response().Header()["Access-Control-Allow-Origin"] = anyOrigin
			return a.pages.WriteStale(c.Response(), c.Request(), page, nil)
		}
		return writeDocument(c, page)
	}
}

// unavailable tells the errors that say the database cannot be read now.
func unavailable(err error) bool { return errors.Is(err, store.ErrUnavailable) }

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
