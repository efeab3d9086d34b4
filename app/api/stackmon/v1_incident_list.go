package stackmon

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"statusdash/app/store"
)

// listV1Incidents answers GET incidents: every event, newest start first.
func (a *API) listV1Incidents(c echo.Context) error {
	events, _, err := a.store.APIEvents(c.Request().Context(), store.APIEventFilter{}, a.now())
	if err != nil {
		return err
	}
	list := make([]V1Incident, 0, len(events))
	for _, e := range events {
		list = append(list, v1IncidentJSON(e))
	}
	return c.JSON(http.StatusOK, list)
}
