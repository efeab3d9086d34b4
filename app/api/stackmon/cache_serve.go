package stackmon

import (
	"errors"
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/pagecache"
	"statusdash/app/store"
)

// One mechanism serves every cached public answer of the API, the small v2
// reads encoded whole and the v1 lists streamed into a page kept only
// compressed, as statuspage serves its files: one data-version lookup and
// a map hit when cached; on a miss pagecache's Produce builds the answer
// once for all the requests missing it; while the database cannot be read,
// the last good copy marked stale (Warning: 110), else the error, which
// jsonErrors turns into the family's 503.

// cachedAnswer is one public GET answer kept in pages under key.
type cachedAnswer struct {
	pages *pagecache.Pages
	key   string
	// clocked answers change with the clock alone: they are rebuilt once
	// per timeBucket as well as on each new data version.
	clocked bool
	// produce builds the page; its error is returned as it is (a 404 is
	// not cached).
	produce func() (*pagecache.Page, error)
}

// Header values of every cached answer, shared read-only.
var (
	jsonType     = []string{jsonContentType}
	varyEncoding = []string{echo.HeaderAcceptEncoding}
	revalidate   = []string{"no-cache"}
)

// serveCached answers from the cache, building on a miss.
func (a *API) serveCached(c echo.Context, answer cachedAnswer) error {
	var since time.Time
	if answer.clocked {
		since = a.now().Truncate(timeBucket)
	}
	version, versionErr := a.versions.DataVersion(c.Request().Context())
	var current *pagecache.Page
	if versionErr == nil {
		page, fresh := answer.pages.Lookup(answer.key, version, since)
		if fresh {
			return writeAnswer(c, page)
		}
		current = page
	}
	if versionErr != nil && !unavailable(versionErr) {
		a.logger.Warn("stackmon: data version unavailable; answer not cached", "error", versionErr)
	}
	miss := pagecache.Miss{Key: answer.key, Version: version, VersionErr: versionErr, Current: current, Unavailable: unavailable}
	page, stale, err := answer.pages.Produce(miss, answer.produce)
	switch {
	case err != nil:
		return err
	case stale:
		a.logger.Warn("stackmon: serving the last good answer", "key", answer.key, "as_of", page.BuiltAt)
		return answer.pages.WriteStale(c.Response(), c.Request(), page, nil)
	}
	return writeAnswer(c, page)
}

// unavailable tells the errors that say the database cannot be read now.
func unavailable(err error) bool { return errors.Is(err, store.ErrUnavailable) }

// writeAnswer sets the headers of a cached answer and leaves 304, gzip and
// HEAD to the page.
func writeAnswer(c echo.Context, page *pagecache.Page) error {
	header := c.Response().Header()
	header["Content-Type"] = jsonType
	header["Vary"] = varyEncoding
	header["Cache-Control"] = revalidate
	return page.Write(c.Response(), c.Request())
}
