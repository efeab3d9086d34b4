package stackmon

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/store"
)

// listV3CheckResults answers GET /api/v3/checks/{id}/results: {"data":
// [results]} newest first, at most ?limit (1 to 1000, default 100), started
// before ?before (RFC 3339) when given, for the next page.
func (a *API) listV3CheckResults(c echo.Context) error {
	check, err := a.check(c)
	if err != nil {
		return err
	}
	limit := store.DefaultCheckResultsPage
	if raw := c.QueryParam("limit"); raw != "" {
		limit, err = strconv.Atoi(raw)
		if err != nil || limit < 1 || limit > store.MaxCheckResultsPage {
			return v2Family.fail(http.StatusBadRequest, fmt.Sprintf("limit: must be a whole number from 1 to %d, got %q", store.MaxCheckResultsPage, truncate(raw)))
		}
	}
	var before time.Time
	if raw := c.QueryParam("before"); raw != "" {
		if before, err = parseTime("before", raw); err != nil {
			return err
		}
	}
	results, err := a.store.CheckResults(c.Request().Context(), check.ID, before, limit)
	if err != nil {
		return err
	}
	answer := v3List[v3CheckResult]{Data: make([]v3CheckResult, 0, len(results))}
	for _, r := range results {
		answer.Data = append(answer.Data, v3CheckResultJSON(r))
	}
	return c.JSON(http.StatusOK, answer)
}
