package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"statusdash/app/store"
)

// manageChecksPage is the data of pages/manage_checks.
type manageChecksPage struct {
	managePage
	Groups []checkGroup
	Total  int
}

// checkGroup is the checks of one component: a service in a region.
type checkGroup struct {
	Component checkComponent
	Checks    []checkListItem
}

// checkListItem is one row of the list: a check and its last result from
// each location.
type checkListItem struct {
	Check  store.Check
	Every  string
	Pause  pauseButton
	Latest []resultView
	// State is the check's monitoring state (checkStateText); empty
	// before its first round. The list's "check-state" template shows it.
	State string
}

// listChecks (GET /manage/checks) lists every check by service and region
// with its last result per location.
func (m *manager) listChecks(c echo.Context) error {
	ctx := c.Request().Context()
	components, err := m.checkComponents(ctx)
	if err != nil {
		return err
	}
	checks, err := m.server.store.Checks(ctx, 0)
	if err != nil {
		return err
	}
	latest, err := m.server.store.LatestCheckResults(ctx)
	if err != nil {
		return err
	}
	states, err := m.server.store.CheckStates(ctx)
	if err != nil {
		return err
	}
	page := &manageChecksPage{managePage: m.page(c, "Checks", "checks"), Total: len(checks)}
	byComponent := map[uint][]checkListItem{}
	for _, check := range checks {
		state, counted := states[check.ID]
		byComponent[check.ComponentID] = append(byComponent[check.ComponentID], checkListItem{
			Check: check, Every: everyText(check.Definition.Interval), Latest: resultViews(latest[check.ID], page.Zone),
			State: checkStateText(state, counted),
			Pause: pauseButton{CSRF: page.CSRF, CheckID: check.ID, Paused: check.Paused, Next: "/manage/checks"}})
	}
	for _, component := range components {
		if items := byComponent[component.ID]; len(items) > 0 {
			page.Groups = append(page.Groups, checkGroup{Component: component, Checks: items})
		}
	}
	return m.render(c, http.StatusOK, pageManageChecks, page)
}
