package stackmon

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// deleteV3Check answers DELETE /api/v3/checks/{id} (admin): 204, the check
// and its results gone.
func (a *API) deleteV3Check(c echo.Context) error {
	id, err := pathID(c, v2Family, "id", "check")
	if err != nil {
		return err
	}
	if err := a.store.DeleteCheck(c.Request().Context(), actor(c), id, a.now()); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
