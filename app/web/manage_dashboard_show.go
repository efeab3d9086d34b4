package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"statusdash/app/store"
)

// recentlyClosed is how many closed events the dashboard lists, so a
// just-resolved incident can be reopened or its end corrected.
const recentlyClosed = 10

// manageDashboardPage is the data of pages/manage_dashboard.
type manageDashboardPage struct {
	managePage
	Incidents   []EventCard
	Maintenance []EventCard
	Upcoming    []EventCard
	Closed      []EventCard
}

// showDashboard (GET /manage) lists the open, current and upcoming events
// and the latest closed ones, each linking to its management page.
func (m *manager) showDashboard(c echo.Context) error {
	ctx := c.Request().Context()
	now := m.server.now()
	overview, err := m.server.store.ReadOverview(ctx, now)
	if err != nil {
		return err
	}
	history, err := m.server.store.ReadHistory(ctx, now, store.HistoryFilter{Page: 1, PerPage: recentlyClosed})
	if err != nil {
		return err
	}
	page := &manageDashboardPage{managePage: m.page(c, "Manage", "manage")}
	zone := page.Zone
	page.Incidents = eventCards(overview.Incidents, zone, now)
	page.Maintenance = eventCards(overview.Maintenance, zone, now)
	page.Upcoming = eventCards(overview.Upcoming, zone, now)
	page.Closed = eventCards(history.Events, zone, now)
	return m.render(c, http.StatusOK, pageManageDashboard, page)
}
