package stackmon

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"statusdash/app/store"
)

// listV3CheckResults answers GET /api/v3/checks/{id}/results: {"data":
// [results]} newest first, at most ?limit (1 to 1000, default 100). The
// next page is ?before=<last started_at>&before_id=<last id>; before alone
// (older clients) means results started before that time.
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
	cursor, err := resultsCursor(c)
	if err != nil {
		return err
	}
	results, err := a.store.CheckResultsPage(c.Request().Context(), check.ID, cursor, limit)
	if err != nil {
		return err
	}
	answer := v3List[v3CheckResult]{Data: make([]v3CheckResult, 0, len(results))}
	for _, r := range results {
		answer.Data = append(answer.Data, v3CheckResultJSON(r))
	}
	return c.JSON(http.StatusOK, answer)
}

// resultsCursor reads ?before and ?before_id; before_id needs before.
func resultsCursor(c echo.Context) (store.CheckResultCursor, error) {
	var cursor store.CheckResultCursor
	if raw := c.QueryParam("before"); raw != "" {
		before, err := parseTime("before", raw)
		if err != nil {
			return cursor, err
		}
		cursor.StartedAt = before
	}
	if raw := c.QueryParam("before_id"); raw != "" {
		id, err := strconv.ParseUint(raw, 10, 32)
		if err != nil || id == 0 {
			return cursor, v2Family.fail(http.StatusBadRequest, fmt.Sprintf("before_id: must be a result id, got %q", truncate(raw)))
		}
		cursor.ID = uint(id)
	}
	return cursor, cursor.Validate()
}
