package stackmon

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/incident"
	"statusdash/app/model"
	"statusdash/app/store"
)

// listV2Events answers GET /v2/events with the filters the OpenAPI document
// (app/api/openapi/openapi.yaml) describes, newest start first; a bad filter
// is 400. Pages are cached by their canonical filter (eventListKey); the
// active filter depends on the clock, so its pages are rebuilt once per
// timeBucket too.
func (a *API) listV2Events(c echo.Context) error {
	filter, err := parseEventFilter(c.QueryParams())
	if err != nil {
		return err
	}
	return a.serveEncoded(c, answer{pages: a.lookups, key: eventListKey(filter), clocked: filter.Active,
		build: func(ctx context.Context, now time.Time) (any, error) {
			events, total, err := a.store.APIEvents(ctx, filter, now)
			if err != nil {
				return nil, err
			}
			list := V2EventList{Data: make([]V2Event, 0, len(events)), Pagination: V2Pagination{
				PageIndex: filter.Page, RecordsPerPage: filter.PerPage, TotalRecords: total,
				TotalPages: (total + int64(filter.PerPage) - 1) / int64(filter.PerPage),
			}}
			for _, e := range events {
				list.Data = append(list.Data, v2EventJSON(e))
			}
			return list, nil
		}})
}

// parseEventFilter reads the query of GET /v2/events.
func parseEventFilter(query url.Values) (store.APIEventFilter, error) {
	filter := store.APIEventFilter{Page: 1, PerPage: store.DefaultEventPageSize}
	bad := func(name, format string, args ...any) error {
		return v2Family.fail(http.StatusBadRequest, name+": "+fmt.Sprintf(format, args...))
	}
	if raw := query.Get("type"); raw != "" {
		for _, part := range strings.Split(raw, ",") {
			t := model.EventType(strings.TrimSpace(part))
			if !t.Valid() {
				return filter, bad("type", "must be a comma list of incident, maintenance and info, got %q", truncate(raw))
			}
			// Repeats are dropped, so the list holds at most the three types.
			if !slices.Contains(filter.Types, t) {
				filter.Types = append(filter.Types, t)
			}
		}
	}
	if raw := query.Get("active"); raw != "" {
		if raw != "true" {
			return filter, bad("active", "accepts only true, got %q", truncate(raw))
		}
		filter.Active = true
	}
	if raw := query.Get("status"); raw != "" {
		if !model.KnownStatus(raw) {
			return filter, bad("status", "unknown status %q", truncate(raw))
		}
		filter.Status = raw
	}
	if raw := query.Get("impact"); raw != "" {
		impact, err := strconv.Atoi(raw)
		if err != nil || !model.Impact(impact).Valid() {
			return filter, bad("impact", "must be 0, 1, 2 or 3, got %q", truncate(raw))
		}
		i := model.Impact(impact)
		filter.Impact = &i
	}
	if raw := query.Get("system"); raw != "" {
		system, err := strconv.ParseBool(raw)
		if err != nil || (raw != "true" && raw != "false") {
			return filter, bad("system", "must be true or false, got %q", truncate(raw))
		}
		filter.System = &system
	}
	if raw := query.Get("components"); raw != "" {
		parts := strings.Split(raw, ",")
		if len(parts) > incident.MaxComponents {
			return filter, bad("components", "%s, got %d", incident.TooManyComponents, len(parts))
		}
		for _, part := range parts {
			id, err := strconv.ParseUint(strings.TrimSpace(part), 10, 32)
			if err != nil || id == 0 {
				return filter, bad("components", "must be a comma list of component ids, got %q", truncate(raw))
			}
			filter.ComponentIDs = append(filter.ComponentIDs, uint(id))
		}
	}
	for name, target := range map[string]**time.Time{"start_date": &filter.From, "end_date": &filter.Until} {
		if raw := query.Get(name); raw != "" {
			t, err := parseTime(name, raw)
			if err != nil {
				return filter, err
			}
			*target = &t
		}
	}
	if raw := query.Get("page"); raw != "" {
		page, err := strconv.Atoi(raw)
		if err != nil || page < 1 || page > store.MaxEventPage {
			return filter, bad("page", "must be a whole number from 1 to %d, got %q", store.MaxEventPage, truncate(raw))
		}
		filter.Page = page
	}
	if raw := query.Get("limit"); raw != "" {
		limit, err := strconv.Atoi(raw)
		if err != nil || !slices.Contains(store.EventPageSizes, limit) {
			return filter, bad("limit", "must be 10, 20 or 50, got %q", truncate(raw))
		}
		filter.PerPage = limit
	}
	return filter, nil
}
