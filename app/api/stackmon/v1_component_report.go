package stackmon

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"statusdash/app/incident"
	"statusdash/app/model"
	"statusdash/app/store"
)

// v1Report is the body of POST component_status. Unknown keys are ignored:
// the stackmon clients' bodies are not ours to police.
type v1Report struct {
	Name       string      `json:"name"`
	Impact     json.Number `json:"impact"`
	Text       string      `json:"text"`
	Attributes []Attribute `json:"attributes"`
}

// maxReportAttributes bounds a report's attributes: region, category and
// type are all a component has, and each one adds to the lookup's parameters.
const maxReportAttributes = 10

// reportV1Component answers POST component_status through the stackmon
// rules of package incident (store.ReportComponent): 201 with the incident
// now holding the component (or the active maintenance), 409 when an
// incident of at least the impact already holds it.
func (a *API) reportV1Component(c echo.Context) error {
	var body v1Report
	if err := decodeBody(c, v1Family, &body, false); err != nil {
		return err
	}
	if strings.TrimSpace(body.Name) == "" {
		return v1Family.fail(http.StatusBadRequest, "name: is required")
	}
	if len(body.Attributes) > maxReportAttributes {
		return v1Family.fail(http.StatusBadRequest, fmt.Sprintf("attributes: may list at most %d attributes, got %d", maxReportAttributes, len(body.Attributes)))
	}
	impact, err := body.Impact.Int64()
	if err != nil || impact < int64(model.ImpactMinor) || impact > int64(model.ImpactOutage) {
		return v1Family.fail(http.StatusBadRequest, "impact: must be 1 (minor), 2 (major) or 3 (outage)")
	}
	attrs := make([]store.ComponentAttribute, 0, len(body.Attributes))
	for _, attr := range body.Attributes {
		attrs = append(attrs, store.ComponentAttribute{Name: attr.Name, Value: attr.Value})
	}
	result, err := a.store.ReportComponent(c.Request().Context(), actor(c),
		store.Report{Name: body.Name, Attributes: attrs, Impact: model.Impact(impact), Title: body.Text}, a.now())
	var ambiguous *store.AmbiguousComponentError
	switch {
	case errors.Is(err, store.ErrNotFound):
		return v1Family.fail(http.StatusNotFound, "Component does not exist")
	case errors.As(err, &ambiguous):
		return v1Family.fail(http.StatusBadRequest, fmt.Sprintf("%d components are named %q with these attributes; add a region attribute", ambiguous.Matches, body.Name))
	case err != nil:
		return err
	}
	if result.Action == incident.ActionConflict {
		return &apiError{status: http.StatusConflict, body: v1ConflictJSON(&result.Component, result.Event, model.Impact(impact))}
	}
	return c.JSON(http.StatusCreated, v1IncidentJSON(result.Event))
}

func v1ConflictJSON(target *model.Component, existing *model.Event, requested model.Impact) V1Conflict {
	who := "the monitoring"
	if !existing.System {
		who = "a person"
	}
	return V1Conflict{
		Message:               "Incident with this component already exists",
		TargetComponent:       componentJSON(target),
		ExistingIncidentID:    existing.ID,
		ExistingIncidentTitle: existing.Title,
		Details: fmt.Sprintf("%s is in incident %d (impact %s, managed by %s), which is at least the requested impact %s",
			incident.ComponentLabel(*target), existing.ID, existing.Impact, who, requested),
	}
}
