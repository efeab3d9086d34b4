package web

import (
	"errors"
	"net/url"

	"github.com/labstack/echo/v4"

	"statusdash/app/model"
	"statusdash/app/render"
	"statusdash/app/store"
)

// servicePage is the data of pages/service.
type servicePage struct {
	render.Page
	Service    *model.Service
	Health     healthBadge
	Components []regionStatus
	Current    []EventCard
	Past       []EventCard
	// Uptime holds the 90-day bars per region (uptime_bars.go).
	Uptime uptimeSection
	// Charts are the response times of the components with checks.
	Charts []componentCharts
}

func (s *Server) showService(c echo.Context) error {
	return s.cachedPage(c, s.buildService)
}

func (s *Server) buildService(c echo.Context, req *pageRequest) (string, any, error) {
	slug := c.Param("slug")
	now := s.now()
	detail, err := s.store.ReadService(c.Request().Context(), slug, now)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil, localizedNotFound("error.no_service", "Slug", slug)
	}
	if err != nil {
		return "", nil, err
	}
	words := newHealthWords(req.lang)
	page := &servicePage{
		Page:       s.basePage(req, detail.Service.Name, ""),
		Service:    detail.Service,
		Health:     words.badge(detail.Health),
		Components: regionStatuses(words, detail.Components),
		Current:    eventCards(detail.Current, req.zone, now),
		Past:       eventCards(detail.Past, req.zone, now),
	}
	page.Now = now
	if page.Uptime, page.Charts, err = s.componentUptime(c, detail, now, req.lang); err != nil {
		return "", nil, err
	}
	// The service's own feeds, in the head's <link rel="alternate"> and the footer.
	query := "?service=" + url.QueryEscape(detail.Service.Slug)
	for i := range page.Feeds {
		page.Feeds[i].Title += " (" + detail.Service.Name + ")"
		page.Feeds[i].URL += query
	}
	return pageService, page, nil
}

// regionStatus is a row of the service page's table: a region's health,
// linked to its cause when there is one.
type regionStatus struct {
	Region  string
	CauseID uint
	Health  healthBadge
}

func regionStatuses(words healthWords, components []*store.ComponentStatus) []regionStatus {
	rows := make([]regionStatus, len(components))
	for i, status := range components {
		rows[i] = regionStatus{Region: status.Component.Region.Name, Health: words.badge(status.Health)}
		if status.Cause != nil {
			rows[i].CauseID = status.Cause.ID
		}
	}
	return rows
}
