package pingmon

import (
	"context"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"statusdash/app/store"
)

// listChecks answers GET /status (every check) and GET /status/down (the
// checks that are not up), by id.
func (a *API) listChecks(downOnly bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		statuses, err := a.statuses(c.Request().Context())
		if err != nil {
			return a.failed(c, err)
		}
		checks := []checkJSON{}
		for _, s := range statuses {
			if check := wireCheck(s); !downOnly || !check.Status {
				checks = append(checks, check)
			}
		}
		return answer(c, checks)
	}
}

// showService answers GET /status/service/{domain}: the checks of the host.
func (a *API) showService(c echo.Context) error {
	checks, err := a.checksOf(c)
	if err != nil || checks == nil {
		return err
	}
	return answer(c, checks)
}

// listDowntimes answers GET /status/service/{domain}/incidents: the
// downtimes of the host's checks, newest first.
func (a *API) listDowntimes(c echo.Context) error {
	checks, err := a.checksOf(c)
	if err != nil || checks == nil {
		return err
	}
	ids := make([]uint, len(checks))
	for i, check := range checks {
		ids[i] = check.ID
	}
	ctx, cancel := a.store.ReadDeadline(c.Request().Context())
	defer cancel()
	downtimes, err := a.store.CheckDowntimes(ctx, ids)
	if err != nil {
		return a.failed(c, err)
	}
	incidents := make([]downtimeJSON, len(downtimes))
	for i, d := range downtimes {
		incidents[i] = wireDowntime(d)
	}
	return answer(c, incidents)
}

// checksOf reads the checks of the path's domain. When it answers nil
// checks, it has answered the request already: 404 when no check watches
// the domain, or the read's error.
func (a *API) checksOf(c echo.Context) ([]checkJSON, error) {
	domain := strings.ToLower(strings.TrimSuffix(c.Param("domain"), "."))
	statuses, err := a.statuses(c.Request().Context())
	if err != nil {
		return nil, a.failed(c, err)
	}
	var checks []checkJSON
	for _, s := range statuses {
		if check := wireCheck(s); check.Domain == domain && domain != "" {
			checks = append(checks, check)
		}
	}
	if checks == nil {
		return nil, c.JSON(http.StatusNotFound, errorJSON{Error: "domain: no check watches " + domain})
	}
	return checks, nil
}

// statuses reads every check's status under the read deadline.
func (a *API) statuses(ctx context.Context) ([]store.CheckStatus, error) {
	ctx, cancel := a.store.ReadDeadline(ctx)
	defer cancel()
	return a.store.CheckStatuses(ctx)
}
