package stackmon

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// showV2Availability answers GET /v2/availability: every component's last
// twelve months, newest first, from its status timeline (store.ReadAvailability).
func (a *API) showV2Availability(c echo.Context) error {
	report, err := a.store.ReadAvailability(c.Request().Context(), a.now())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v2AvailabilityJSON(report))
}
