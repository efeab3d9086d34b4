package stackmon

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
)

// listV3Checks answers GET /api/v3/checks: {"data": [checks]} by id, those
// of one component with ?component_id=N.
func (a *API) listV3Checks(c echo.Context) error {
	var componentID uint
	if raw := c.QueryParam("component_id"); raw != "" {
		id, err := strconv.ParseUint(raw, 10, 32)
		if err != nil || id == 0 {
			return v2Family.fail(http.StatusBadRequest, fmt.Sprintf("component_id: must be a positive whole number, got %q", truncate(raw)))
		}
		componentID = uint(id)
	}
	checks, err := a.store.Checks(c.Request().Context(), componentID)
	if err != nil {
		return err
	}
	answer := v3List[json.RawMessage]{Data: make([]json.RawMessage, 0, len(checks))}
	for i := range checks {
		body, err := v3CheckJSON(&checks[i], "")
		if err != nil {
			return err
		}
		answer.Data = append(answer.Data, body)
	}
	return c.JSON(http.StatusOK, answer)
}
