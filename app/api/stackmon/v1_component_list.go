package stackmon

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"statusdash/app/store"
)

// listV1Components answers GET component_status: every component with its
// incidents; name filters by prefix; attribute_name with attribute_value
// answers the first matching component alone, or 404.
func (a *API) listV1Components(c echo.Context) error {
	name := c.QueryParam("name")
	attrName, attrValue := c.QueryParam("attribute_name"), c.QueryParam("attribute_value")
	if (attrName == "") != (attrValue == "") {
		return v1Family.fail(http.StatusBadRequest, "attribute_name and attribute_value go together")
	}
	ctx := c.Request().Context()
	components, err := a.store.ComponentsWithServiceRegion(ctx)
	if err != nil {
		return err
	}
	events, _, err := a.store.APIEvents(ctx, store.APIEventFilter{}, a.now())
	if err != nil {
		return err
	}
	incidents := map[uint][]V1Incident{}
	// Oldest first within a component, as the stackmon dashboards list them.
	for i := len(events) - 1; i >= 0; i-- {
		incident := v1IncidentJSON(events[i])
		for _, component := range events[i].Components {
			incidents[component.ID] = append(incidents[component.ID], incident)
		}
	}
	list := []V1Component{}
	for i := range components {
		component := componentJSON(&components[i])
		if !strings.HasPrefix(component.Name, name) {
			continue
		}
		if attrName != "" && !component.hasAttribute(attrName, attrValue) {
			continue
		}
		entry := V1Component{Component: component, Incidents: incidents[component.ID]}
		if entry.Incidents == nil {
			entry.Incidents = []V1Incident{}
		}
		if attrName != "" {
			return c.JSON(http.StatusOK, entry)
		}
		list = append(list, entry)
	}
	if attrName != "" {
		return v1Family.fail(http.StatusNotFound, "Component does not exist")
	}
	return c.JSON(http.StatusOK, list)
}
