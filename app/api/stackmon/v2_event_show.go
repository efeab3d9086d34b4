package stackmon

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"statusdash/app/model"
	"statusdash/app/store"
)

// showV2Event answers GET /v2/events/{id}.
func (a *API) showV2Event(c echo.Context) error {
	e, err := a.event(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v2EventJSON(e))
}

// event reads the event named by the path's id; unknown is 404.
func (a *API) event(c echo.Context) (*model.Event, error) {
	id, err := pathID(c, v2Family, "id", "event")
	if err != nil {
		return nil, err
	}
	e, err := a.store.ReadEvent(c.Request().Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, eventNotFound(id)
	}
	return e, err
}

func eventNotFound(id uint) error {
	return v2Family.fail(http.StatusNotFound, fmt.Sprintf("event %d does not exist", id))
}
