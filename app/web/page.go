package web

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/locale"
	"statusdash/app/render"
)

// zoneCookie holds the reader's chosen time zone; langCookie the language.
const (
	zoneCookie = "tz"
	langCookie = "lang"
)

// Refresh bounds for the opt-in reload, in seconds.
const (
	refreshDefault = 60
	refreshMin     = 10
	refreshMax     = 3600
)

// zoneChoices are offered by the time-zone form; any IANA name is accepted.
var zoneChoices = []string{
	"UTC", "Europe/London", "Europe/Lisbon", "Europe/Berlin", "Europe/Amsterdam", "Europe/Paris",
	"Europe/Zurich", "Europe/Warsaw", "Europe/Helsinki", "Europe/Istanbul", "Asia/Dubai",
	"Asia/Kolkata", "Asia/Singapore", "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney",
	"Pacific/Auckland", "America/Sao_Paulo", "America/New_York", "America/Chicago",
	"America/Denver", "America/Los_Angeles",
}

// pageRequest is what of a request shapes a public page: its path, the
// query parameters the page knows (others are dropped), the reader's zone
// and language and the opt-in refresh. Key names the cached copy.
type pageRequest struct {
	path    string
	query   url.Values // nil when the page has none; read only after newPageRequest
	zone    *time.Location
	lang    *locale.Language
	refresh int
	key     string
}

// self is the page's path with its normalised query.
func (r *pageRequest) self() string { return withQuery(r.path, r.query) }

func withQuery(path string, query url.Values) string {
	if encoded := query.Encode(); encoded != "" {
		return path + "?" + encoded
	}
	return path
}

// readerZone is the zone in the reader's cookie, or the configured default
// when the cookie is missing or names no zone.
func (s *Server) readerZone(c echo.Context) *time.Location {
	if len(c.Request().Header["Cookie"]) == 0 {
		return s.zones.fallback // most readers: no cookies to parse
	}
	cookie, err := c.Cookie(zoneCookie)
	if err != nil {
		return s.zones.fallback
	}
	location, err := s.zones.load(cookie.Value)
	if err != nil {
		return s.zones.fallback
	}
	return location
}

// readerLanguage is the language of the reader's cookie, else the best
// match of Accept-Language, else the default (locale.Catalog.Choose).
func (s *Server) readerLanguage(c echo.Context) *locale.Language {
	request := c.Request()
	header := request.Header.Get("Accept-Language")
	if len(request.Header["Cookie"]) == 0 {
		return s.locales.Choose("", header)
	}
	var chosen string
	if cookie, err := request.Cookie(langCookie); err == nil {
		chosen = cookie.Value
	}
	return s.locales.Choose(chosen, header)
}

// plainRequest describes a request without page parameters (error pages).
func (s *Server) plainRequest(c echo.Context) *pageRequest {
	return &pageRequest{path: c.Request().URL.Path, zone: s.readerZone(c), lang: s.readerLanguage(c)}
}

// newPageRequest keeps the named query parameters (empty ones dropped) plus
// refresh, validating refresh; a bad value is a 400 naming it.
func (s *Server) newPageRequest(c echo.Context, params ...string) (pageRequest, error) {
	req := pageRequest{path: c.Request().URL.Path, zone: s.readerZone(c), lang: s.readerLanguage(c)}
	// Most requests have no query: nothing to parse, no map to make.
	if c.Request().URL.RawQuery != "" {
		if err := req.keepQuery(c.QueryParams(), params); err != nil {
			return pageRequest{}, err
		}
	}
	// The language is part of the key: a German reader never gets the
	// English copy, nor the other way round.
	req.key = req.self() + "|" + req.zone.String() + "|" + req.lang.Tag
	return req, nil
}

// keepQuery copies the named parameters and refresh from raw into r.query.
func (r *pageRequest) keepQuery(raw url.Values, params []string) error {
	keep := func(name, value string) {
		if r.query == nil {
			r.query = url.Values{}
		}
		r.query.Set(name, value)
	}
	for _, name := range params {
		if value := strings.TrimSpace(raw.Get(name)); value != "" {
			keep(name, value)
		}
	}
	if value := raw.Get("refresh"); value != "" {
		seconds, err := strconv.Atoi(value)
		if err != nil || seconds < refreshMin || seconds > refreshMax {
			return localizedBadRequest("error.bad_refresh", "Min", refreshMin, "Max", refreshMax, "Value", value)
		}
		r.refresh = seconds
		keep("refresh", strconv.Itoa(seconds))
	}
	return nil
}

// basePage fills the layout's data; nav names the current main link.
func (s *Server) basePage(req *pageRequest, title, nav string) render.Page {
	if req.lang == nil {
		req.lang = s.locales.Default()
	}
	say := req.lang.MustT
	page := render.Page{
		SiteTitle: s.config.Title,
		Title:     title,
		BaseURL:   s.config.BaseURL,
		Self:      req.self(),
		Lang:      req.lang.Tag,
		Zone:      req.zone,
		Now:       s.now(),
		Refresh:   req.refresh,
		Brand:     s.brand,
		Nav: []render.Link{
			{Label: say("nav.overview"), URL: "/", Current: nav == "overview"},
			{Label: say("nav.history"), URL: "/history", Current: nav == "history"},
			{Label: say("nav.availability"), URL: "/availability", Current: nav == "availability"},
		},
		Feeds: []render.Feed{
			{Title: "RSS", Type: "application/rss+xml", URL: "/rss/"},
			{Title: "Atom", Type: "application/atom+xml", URL: "/atom"},
			{Title: say("feed.ical"), Type: "text/calendar", URL: "/ical"},
		},
	}
	page.SignIn = signInEnabled(s.auth)
	if s.subscriptions != nil {
		page.Nav = append(page.Nav, render.Link{Label: say("nav.subscribe"), URL: "/subscribe", Current: nav == "subscribe"})
	}
	if page.SiteTitle == "" {
		page.SiteTitle = "Service Status"
	}
	on, off := url.Values{}, url.Values{}
	for name, values := range req.query {
		if name != "refresh" {
			on[name], off[name] = values, values
		}
	}
	on.Set("refresh", strconv.Itoa(refreshDefault))
	page.RefreshOnURL, page.RefreshOffURL = withQuery(req.path, on), withQuery(req.path, off)
	for _, lang := range s.locales.Languages() {
		page.Languages = append(page.Languages, render.LanguageChoice{Tag: lang.Tag, Name: lang.Name, Selected: lang == req.lang})
	}
	current := req.zone.String()
	listed := false
	for _, name := range zoneChoices {
		page.ZoneChoices = append(page.ZoneChoices, render.ZoneChoice{Name: name, Selected: name == current})
		listed = listed || name == current
	}
	if !listed {
		page.ZoneChoices = append([]render.ZoneChoice{{Name: current, Selected: true}}, page.ZoneChoices...)
	}
	return page
}
