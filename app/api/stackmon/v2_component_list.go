package stackmon

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"statusdash/app/store"
)

// listV2Components answers GET /v2/components.
func (a *API) listV2Components(c echo.Context) error {
	components, err := a.store.ComponentsWithServiceRegion(c.Request().Context())
	if err != nil {
		return err
	}
	list := make(V2ComponentList, 0, len(components))
	for i := range components {
		list = append(list, componentJSON(&components[i]))
	}
	return c.JSON(http.StatusOK, list)
}

// showV2Component answers GET /v2/components/{id}.
func (a *API) showV2Component(c echo.Context) error {
	id, err := pathID(c, v2Family, "id", "component")
	if err != nil {
		return err
	}
	component, err := a.store.ComponentWithServiceRegion(c.Request().Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return v2Family.fail(http.StatusNotFound, fmt.Sprintf("component %d does not exist", id))
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, componentJSON(component))
}
