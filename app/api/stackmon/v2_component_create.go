package stackmon

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"statusdash/app/store"
)

// v2NewComponent is the body of POST /v2/components.
type v2NewComponent struct {
	Name  string      `json:"name"`
	Attrs []Attribute `json:"attrs"`
}

// createV2Component answers POST /v2/components (admin): 201 with the new
// component; attrs must be exactly type, region and category.
func (a *API) createV2Component(c echo.Context) error {
	var body v2NewComponent
	if err := decodeBody(c, v2Family, &body, true); err != nil {
		return err
	}
	values := map[string]string{}
	for _, attr := range body.Attrs {
		if !slices.Contains([]string{"type", "region", "category"}, attr.Name) {
			return v2Family.fail(http.StatusBadRequest, fmt.Sprintf("attrs: unknown attribute %q; want type, region and category", attr.Name))
		}
		if _, seen := values[attr.Name]; seen {
			return v2Family.fail(http.StatusBadRequest, fmt.Sprintf("attrs: %q is given twice", attr.Name))
		}
		values[attr.Name] = attr.Value
	}
	if len(values) != 3 {
		var missing []string
		for _, name := range []string{"type", "region", "category"} {
			if _, ok := values[name]; !ok {
				missing = append(missing, name)
			}
		}
		return v2Family.fail(http.StatusBadRequest, "attrs: missing "+strings.Join(missing, ", "))
	}
	component, err := a.store.CreateComponent(c.Request().Context(), actor(c), store.NewComponent{
		Name: body.Name, Type: values["type"], Region: values["region"], Category: values["category"]}, a.now())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, componentJSON(component))
}
