package stackmon

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"statusdash/app/store"
)

// showV3Check answers GET /api/v3/checks/{id}.
func (a *API) showV3Check(c echo.Context) error {
	check, err := a.check(c)
	if err != nil {
		return err
	}
	return writeV3Check(c, http.StatusOK, check, "")
}

// check reads the check the path names; an unknown one is 404.
func (a *API) check(c echo.Context) (*store.Check, error) {
	id, err := pathID(c, v2Family, "id", "check")
	if err != nil {
		return nil, err
	}
	check, err := a.store.Check(c.Request().Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, checkNotFound(id)
	}
	return check, err
}

func checkNotFound(id uint) error {
	return v2Family.fail(http.StatusNotFound, fmt.Sprintf("check %d does not exist", id))
}
