package stackmon

import (
	"bytes"
	"context"
	"encoding/json"
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

// serveEncoded serves ans from the cache, encoding its value whole.
func (a *API) serveEncoded(c echo.Context, ans answer) error {
	now := a.now()
	ctx := c.Request().Context()
	return a.serveCached(c, cachedAnswer{pages: ans.pages, key: ans.key, clocked: ans.clocked,
		produce: func() (*pagecache.Page, error) {
			value, err := ans.build(ctx, now)
			if err != nil {
				return nil, err
			}
			return encodePage(value, now)
		}})
}

// encodePage encodes value byte for byte as c.JSON does (Echo's encoder:
// HTML escaped, a trailing newline).
func encodePage(value any, now time.Time) (*pagecache.Page, error) {
	var body bytes.Buffer
	if err := json.NewEncoder(&body).Encode(value); err != nil {
		return nil, fmt.Errorf("stackmon: encode: %w", err)
	}
	return &pagecache.Page{Body: body.Bytes(), ContentType: jsonContentType, BuiltAt: now.UTC()}, nil
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
