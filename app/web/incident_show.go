package web

import (
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/model"
	"statusdash/app/render"
	"statusdash/app/store"
)

// incidentPage is the data of pages/incident (incidents, maintenance and
// notices alike).
type incidentPage struct {
	render.Page
	Event    *model.Event
	Open     bool
	Ended    bool
	Affected []affectedService
	// Crumbs lead back to where the event is listed: the overview's open
	// incidents or maintenance while it is current, the history once over.
	Crumbs []render.Link
	// Updates are newest first.
	Updates []model.EventUpdate
}

// affectedService is one service with the regions an event affects it in.
type affectedService struct {
	Service *model.Service
	Regions []*model.Region
}

func (s *Server) showIncident(c echo.Context) error {
	return s.cachedPage(c, s.buildIncident)
}

func (s *Server) buildIncident(c echo.Context, req *pageRequest) (string, any, error) {
	raw := c.Param("id")
	id, err := strconv.ParseUint(raw, 10, 32)
	if err != nil || id == 0 {
		return "", nil, localizedNotFound("error.no_event", "ID", strconv.Quote(raw))
	}
	event, err := s.store.ReadEvent(c.Request().Context(), uint(id))
	if errors.Is(err, store.ErrNotFound) {
		return "", nil, localizedNotFound("error.no_event", "ID", id)
	}
	if err != nil {
		return "", nil, err
	}
	now := s.now()
	page := &incidentPage{
		Page:    s.basePage(req, event.Title, ""),
		Event:   event,
		Open:    event.IsOpen(now),
		Ended:   event.EndAt != nil && !event.EndAt.After(now),
		Updates: slices.Clone(event.Updates),
	}
	page.Now = now
	page.Crumbs = eventCrumbs(req.lang.MustT, event, now)
	slices.Reverse(page.Updates)
	for _, component := range event.Components {
		i := slices.IndexFunc(page.Affected, func(a affectedService) bool { return a.Service.ID == component.ServiceID })
		if i < 0 {
			page.Affected = append(page.Affected, affectedService{Service: component.Service})
			i = len(page.Affected) - 1
		}
		page.Affected[i].Regions = append(page.Affected[i].Regions, component.Region)
	}
	return pageIncident, page, nil
}

// eventCrumbs is the breadcrumb trail to an event's page.
func eventCrumbs(say sayFunc, event *model.Event, now time.Time) []render.Link {
	overview := render.Link{Label: say("nav.overview"), URL: "/"}
	switch {
	case event.Type == model.TypeIncident && event.IsOpen(now):
		return []render.Link{overview, {Label: say("overview.incidents"), URL: "/#incidents-title"}}
	case event.Type != model.TypeIncident && (event.IsOpen(now) || event.IsUpcoming(now)):
		return []render.Link{overview, {Label: say("overview.maintenance"), URL: "/#maintenance-title"}}
	}
	return []render.Link{overview, {Label: say("nav.history"), URL: "/history"}}
}
