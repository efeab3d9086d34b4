package web

import (
	"errors"
	"net/url"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/locale"
	"statusdash/app/model"
	"statusdash/app/render"
	"statusdash/app/store"
)

// historyPerPage is how many past events one history page lists.
const historyPerPage = 25

// historyPage is the data of pages/history.
type historyPage struct {
	render.Page
	Filter   historyFilterForm
	Filtered bool
	// Days names the days the list is narrowed to ("on 2 Dec 2026"), empty for all.
	Days       string
	Total      int64
	Months     []historyMonth
	Pagination pagination
}

type historyFilterForm struct {
	Regions, Categories, Services, Types []option
}

type option struct {
	Value, Label string
	Selected     bool
}

type historyMonth struct {
	ID     string // "2026-03", for the heading's id
	Label  string
	Events []EventCard
}

type pagination struct {
	Page, Pages          int
	PreviousURL, NextURL string
}

func (s *Server) listHistory(c echo.Context) error {
	return s.cachedPage(c, s.buildHistory, "region", "category", "service", "type", "page", "day", "from", "to")
}

func (s *Server) buildHistory(c echo.Context, req *pageRequest) (string, any, error) {
	filter := store.HistoryFilter{Page: 1, PerPage: historyPerPage}
	if raw := req.query.Get("page"); raw != "" {
		number, err := strconv.Atoi(raw)
		if err != nil || number < 1 {
			return "", nil, localizedBadRequest("error.bad_page", "Value", raw)
		}
		filter.Page = number
	}
	if raw := req.query.Get("type"); raw != "" {
		filter.Type = model.EventType(raw)
		if !filter.Type.Valid() {
			return "", nil, localizedBadRequest("error.bad_type", "Value", raw)
		}
	}
	days, err := historyDays(req.lang, req.query, &filter)
	if err != nil {
		return "", nil, err
	}
	ctx := c.Request().Context()
	tree, err := s.store.ReadCatalog(ctx)
	if err != nil {
		return "", nil, err
	}
	if slug := req.query.Get("region"); slug != "" {
		region, err := tree.RegionBySlug(slug)
		if errors.Is(err, store.ErrNotFound) {
			return "", nil, localizedNotFound("error.no_region", "Slug", slug)
		}
		filter.RegionID = region.ID
	}
	if slug := req.query.Get("category"); slug != "" {
		category, err := tree.CategoryBySlug(slug)
		if errors.Is(err, store.ErrNotFound) {
			return "", nil, localizedNotFound("error.no_category", "Slug", slug)
		}
		filter.CategoryID = category.ID
	}
	if slug := req.query.Get("service"); slug != "" {
		service, err := tree.ServiceBySlug(slug)
		if errors.Is(err, store.ErrNotFound) {
			return "", nil, localizedNotFound("error.no_service", "Slug", slug)
		}
		filter.ServiceID = service.ID
	}
	now := s.now()
	history, err := s.store.ReadHistoryIn(ctx, now, tree, filter)
	if err != nil {
		return "", nil, err
	}
	if filter.Page > history.Pages() {
		return "", nil, localizedBadRequest("error.past_last_page", "Last", history.Pages(), "Page", filter.Page)
	}
	page := &historyPage{
		Page:     s.basePage(req, req.lang.MustT("history.title"), "history"),
		Filter:   filterForm(req.lang.MustT, tree, req.query),
		Filtered: filter.RegionID != 0 || filter.CategoryID != 0 || filter.ServiceID != 0 || filter.Type != "" || days != "",
		Days:     days,
		Total:    history.Total,
		Months:   groupByMonth(req.lang, history.Events, req.zone, now, firstPageFrom(history.Page, now)),
	}
	page.Now = now
	page.Pagination = pagination{Page: history.Page, Pages: history.Pages()}
	pageURL := func(number int) string {
		query := url.Values{}
		for name, values := range req.query {
			query[name] = values
		}
		query.Del("page")
		if number > 1 {
			query.Set("page", strconv.Itoa(number))
		}
		return withQuery("/history", query)
	}
	if history.Page > 1 {
		page.Pagination.PreviousURL = pageURL(history.Page - 1)
	}
	if history.Page < history.Pages() {
		page.Pagination.NextURL = pageURL(history.Page + 1)
	}
	return pageHistory, page, nil
}

// historyDays reads the days the list is narrowed to, UTC dates as the
// uptime bars link them: day, or from and to (both included, either may be
// left out), into the filter; it names them for the page.
func historyDays(lang *locale.Language, query url.Values, filter *store.HistoryFilter) (string, error) {
	parse := func(name string) (time.Time, error) {
		raw := query.Get(name)
		if raw == "" {
			return time.Time{}, nil
		}
		day, err := time.Parse(time.DateOnly, raw)
		if err != nil {
			return time.Time{}, localizedBadRequest("error.bad_date", "Parameter", name, "Value", raw)
		}
		return day, nil
	}
	day, err := parse("day")
	if err != nil {
		return "", err
	}
	from, to := day, day
	if day.IsZero() {
		if from, err = parse("from"); err != nil {
			return "", err
		}
		if to, err = parse("to"); err != nil {
			return "", err
		}
	} else if query.Get("from") != "" || query.Get("to") != "" {
		return "", localizedBadRequest("error.day_and_range")
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return "", localizedBadRequest("error.to_before_from", "From", from.Format(time.DateOnly), "To", to.Format(time.DateOnly))
	}
	filter.From = from
	if !to.IsZero() {
		filter.To = to.AddDate(0, 0, 1)
	}
	switch {
	case from.IsZero() && to.IsZero():
		return "", nil
	case from.Equal(to):
		return lang.MustT("history.on", "Day", lang.Day(time.UTC, from)), nil
	case to.IsZero():
		return lang.MustT("history.from", "Day", lang.Day(time.UTC, from)), nil
	case from.IsZero():
		return lang.MustT("history.up_to", "Day", lang.Day(time.UTC, to)), nil
	}
	return lang.MustT("history.between", "From", lang.Day(time.UTC, from), "To", lang.Day(time.UTC, to)), nil
}

// groupByMonth splits newest-first events by the month of their start in
// zone. Months without events between the ones shown are listed empty
// ("No incidents reported"), and so are the months from now back to the
// first event on the first page (from, zero on later pages).
func groupByMonth(lang *locale.Language, summaries []*store.EventSummary, zone *time.Location, now, from time.Time) []historyMonth {
	var months []historyMonth
	add := func(t time.Time) {
		months = append(months, historyMonth{ID: t.Format("2006-01"), Label: lang.Month(zone, t)})
	}
	// fill adds the empty months after the last one listed down to (but
	// not including) the month of t.
	fill := func(t time.Time) {
		var next time.Time
		switch {
		case len(months) > 0:
			last, _ := time.ParseInLocation("2006-01", months[len(months)-1].ID, zone)
			next = last.AddDate(0, -1, 0)
		case !from.IsZero():
			from = from.In(zone)
			next = time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, zone)
		default:
			return
		}
		for target := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, zone); next.After(target); next = next.AddDate(0, -1, 0) {
			add(next)
		}
	}
	for _, summary := range summaries {
		start := summary.Event.StartAt.In(zone)
		id := start.Format("2006-01")
		if len(months) == 0 || months[len(months)-1].ID != id {
			fill(start)
			add(start)
		}
		last := &months[len(months)-1]
		last.Events = append(last.Events, EventCard{Summary: summary, Zone: zone, Now: now})
	}
	return months
}

// firstPageFrom is the month the first page of the history starts at: now's.
func firstPageFrom(page int, now time.Time) time.Time {
	if page == 1 {
		return now
	}
	return time.Time{}
}

func filterForm(say sayFunc, tree *store.CatalogTree, query url.Values) historyFilterForm {
	var form historyFilterForm
	for _, region := range tree.Regions {
		form.Regions = append(form.Regions, option{region.Slug, region.Name, region.Slug == query.Get("region")})
	}
	for _, category := range tree.Categories {
		form.Categories = append(form.Categories, option{category.Slug, category.Name, category.Slug == query.Get("category")})
	}
	for _, service := range tree.Services {
		form.Services = append(form.Services, option{service.Slug, service.Name, service.Slug == query.Get("service")})
	}
	for _, eventType := range model.EventTypes {
		form.Types = append(form.Types, option{string(eventType), say(typeLabels[eventType]), string(eventType) == query.Get("type")})
	}
	return form
}

// typeLabels are the message ids of the type filter's choices.
var typeLabels = map[model.EventType]string{
	model.TypeIncident:    "history.incidents",
	model.TypeMaintenance: "history.maintenance",
	model.TypeInfo:        "history.notices",
}
