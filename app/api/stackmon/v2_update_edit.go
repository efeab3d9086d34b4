package stackmon

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"statusdash/app/store"
)

// v2UpdateText is the body of PATCH /v2/events/{id}/updates/{index}.
type v2UpdateText struct {
	Text string `json:"text"`
}

// editV2UpdateText answers PATCH /v2/events/{id}/updates/{index}: the
// update at index (its id in the event's updates, oldest first) gets the
// new text; an index out of range is 404.
func (a *API) editV2UpdateText(c echo.Context) error {
	var body v2UpdateText
	if err := decodeBody(c, v2Family, &body, true); err != nil {
		return err
	}
	e, err := a.event(c)
	if err != nil {
		return err
	}
	raw := c.Param("index")
	index, err := strconv.Atoi(raw)
	if errors.Is(err, strconv.ErrRange) {
		return v2Family.fail(http.StatusNotFound, fmt.Sprintf("event %d has no update %s", e.ID, raw))
	}
	if err != nil {
		return v2Family.fail(http.StatusBadRequest, fmt.Sprintf("index: must be a whole number, got %q", raw))
	}
	edited, err := a.store.EditUpdateText(c.Request().Context(), actor(c), e.ID, index, body.Text, a.now())
	if errors.Is(err, store.ErrNotFound) {
		return v2Family.fail(http.StatusNotFound, fmt.Sprintf("event %d has no update %d", e.ID, index))
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v2UpdateJSON(index, *edited))
}
