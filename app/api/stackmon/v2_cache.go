package stackmon

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/pagecache"
	"statusdash/app/store"
)

const (
	// timeBucket bounds how long a cached answer that depends on the clock
	// (availability's months, the active filter of the event list) may lag
	// behind it when no write happens, as statuspage.DefaultTimeBucket does.
	timeBucket = 30 * time.Second
	// fixedAnswers is how many answers with fixed keys the API's own cache
	// holds: the lists (v2 components and availability), with room to spare.
	fixedAnswers = 16
	// lookupAnswers bounds the answers keyed by query string or id (event
	// list pages, single events and components), whose keys a client may
	// vary at will: an LRU of its own, so such keys can neither grow the
	// memory past it (a 50-event page of the loadbench history is 24-30 KB
	// and 2 KB gzip, so ~16 MB at worst) nor evict the lists.
	lookupAnswers = 512
)

// answer is a public GET answer served from the cache: the value build
// returns, JSON-encoded as c.JSON would, kept under the data version.
type answer struct {
	pages *pagecache.Pages
	key   string
	// clocked answers change with the clock alone: they are rebuilt once
	// per timeBucket as well as on each new data version.
	clocked bool
	build   func(ctx context.Context, now time.Time) (any, error)
}

// Header values of cached answers, shared read-only.
var (
	cachedJSONType   = []string{echo.MIMEApplicationJSON}
	cachedVary       = []string{echo.HeaderAcceptEncoding}
	cachedRevalidate = []string{"no-cache"}
)

// serveCached answers from the cache like statuspage's files: one
// data-version lookup and a map hit when cached; on a miss it builds the
// answer once for all the requests missing it (pagecache's Lookup and
// Produce), gzip and ETag/304 included. When the data cannot be read it
// serves the last good copy marked stale (Warning: 110), or the error,
// which jsonErrors turns into the family's 503; a 404 is not cached.
func (a *API) serveCached(c echo.Context, ans answer) error {
	now := a.now()
	var since time.Time
	if ans.clocked {
		since = now.Truncate(timeBucket)
	}
	ctx := c.Request().Context()
	version, versionErr := a.versions.DataVersion(ctx)
	var current *pagecache.Page
	if versionErr == nil {
		page, fresh := ans.pages.Lookup(ans.key, version, since)
		if fresh {
			return writeCached(c, page)
		}
		current = page
	}
	if versionErr != nil && !dataUnavailable(versionErr) {
		a.logger.Warn("stackmon: data version unavailable; answer not cached", "error", versionErr)
	}
	miss := pagecache.Miss{Key: ans.key, Version: version, VersionErr: versionErr, Current: current, Unavailable: dataUnavailable}
	page, stale, err := ans.pages.Produce(miss, func() (*pagecache.Page, error) {
		value, err := ans.build(ctx, now)
		if err != nil {
			return nil, err
		}
		return encodePage(value, now)
	})
	switch {
	case err != nil:
		return err
	case stale:
		a.logger.Warn("stackmon: serving the last good answer", "key", ans.key, "as_of", page.BuiltAt)
		return ans.pages.WriteStale(c.Response(), c.Request(), page, nil)
	}
	return writeCached(c, page)
}

// dataUnavailable tells the errors that say the database cannot be read now.
func dataUnavailable(err error) bool { return errors.Is(err, store.ErrUnavailable) }

// encodePage encodes value byte for byte as c.JSON does (Echo's encoder:
// HTML escaped, a trailing newline).
func encodePage(value any, now time.Time) (*pagecache.Page, error) {
	var body bytes.Buffer
	if err := json.NewEncoder(&body).Encode(value); err != nil {
		return nil, fmt.Errorf("stackmon: encode: %w", err)
	}
	return &pagecache.Page{Body: body.Bytes(), ContentType: echo.MIMEApplicationJSON, BuiltAt: now.UTC()}, nil
}

// writeCached sets the headers of a cached answer and leaves 304, gzip and
// HEAD to the page.
func writeCached(c echo.Context, page *pagecache.Page) error {
	header := c.Response().Header()
	header["Content-Type"] = cachedJSONType
	header["Vary"] = cachedVary
	header["Cache-Control"] = cachedRevalidate
	return page.Write(c.Response(), c.Request())
}

// eventListKey is the cache key of an event list page: the filter written
// canonically (types and components sorted, repeats dropped, times in UTC,
// page and limit always present), so that queries asking the same thing,
// under /v2/events or its /v2/incidents alias, share one entry.
func eventListKey(filter store.APIEventFilter) string {
	query := url.Values{}
	if len(filter.Types) > 0 {
		types := make([]string, len(filter.Types))
		for i, t := range filter.Types {
			types[i] = string(t)
		}
		slices.Sort(types)
		query.Set("type", strings.Join(slices.Compact(types), ","))
	}
	if filter.Active {
		query.Set("active", "true")
	}
	if filter.Status != "" {
		query.Set("status", filter.Status)
	}
	if filter.Impact != nil {
		query.Set("impact", strconv.Itoa(int(*filter.Impact)))
	}
	if filter.System != nil {
		query.Set("system", strconv.FormatBool(*filter.System))
	}
	if len(filter.ComponentIDs) > 0 {
		ids := slices.Clone(filter.ComponentIDs)
		slices.Sort(ids)
		parts := make([]string, 0, len(ids))
		for _, id := range slices.Compact(ids) {
			parts = append(parts, strconv.FormatUint(uint64(id), 10))
		}
		query.Set("components", strings.Join(parts, ","))
	}
	if filter.From != nil {
		query.Set("start_date", filter.From.UTC().Format(time.RFC3339Nano))
	}
	if filter.Until != nil {
		query.Set("end_date", filter.Until.UTC().Format(time.RFC3339Nano))
	}
	query.Set("page", strconv.Itoa(filter.Page))
	query.Set("limit", strconv.Itoa(filter.PerPage))
	return V2Prefix + "/events?" + query.Encode()
}
