package stackmon

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"statusdash/app/model"
	"statusdash/app/store"
)

// v2NewEvent is the body of POST /v2/events; unknown fields are refused.
type v2NewEvent struct {
	Title       string  `json:"title"`
	Description string  `json:"description"`
	Impact      *int    `json:"impact"`
	Components  []uint  `json:"components"`
	StartDate   *string `json:"start_date"`
	EndDate     *string `json:"end_date"`
	System      bool    `json:"system"`
	Type        string  `json:"type"`
	// Notify false keeps subscribers from hearing about the new event.
	Notify *bool `json:"notify"`
}

// createV2Event answers POST /v2/events: 200 with the event holding each
// component. A system incident follows the stackmon rules per component
// (store.CreateSystemEvent), anything else opens one event (store.CreateEvent).
func (a *API) createV2Event(c echo.Context) error {
	var body v2NewEvent
	if err := decodeBody(c, v2Family, &body, true); err != nil {
		return err
	}
	in, err := body.event()
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	result := V2CreateResult{Result: []V2ComponentResult{}}
	if body.System {
		if in.Type != model.TypeIncident {
			return v2Family.fail(http.StatusBadRequest, "system: only an incident can be a system event")
		}
		outcomes, err := a.store.CreateSystemEvent(ctx, notifyingActor(c, body.Notify), in, a.now())
		if err != nil {
			return err
		}
		for _, outcome := range outcomes {
			result.Result = append(result.Result, V2ComponentResult{ComponentID: outcome.ComponentID, IncidentID: outcome.IncidentID, Error: outcome.Error})
		}
		return c.JSON(http.StatusOK, result)
	}
	created, err := a.store.CreateEvent(ctx, notifyingActor(c, body.Notify), in, a.now())
	if err != nil {
		return err
	}
	for _, component := range created.Components {
		result.Result = append(result.Result, V2ComponentResult{ComponentID: component.ID, IncidentID: created.ID})
	}
	return c.JSON(http.StatusOK, result)
}

// event turns the body into the domain's input; a missing type is an
// incident, as the stackmon monitoring clients mean it.
func (b v2NewEvent) event() (store.NewEvent, error) {
	in := store.NewEvent{Type: model.EventType(b.Type), Title: b.Title, Description: b.Description, ComponentIDs: b.Components}
	if b.Type == "" {
		in.Type = model.TypeIncident
	}
	if b.Impact == nil {
		return in, v2Family.fail(http.StatusBadRequest, "impact: is required")
	}
	if !model.Impact(*b.Impact).Valid() {
		return in, v2Family.fail(http.StatusBadRequest, "impact: must be 0, 1, 2 or 3")
	}
	in.Impact = model.Impact(*b.Impact)
	if b.StartDate == nil {
		return in, v2Family.fail(http.StatusBadRequest, "start_date: is required")
	}
	start, err := parseTime("start_date", *b.StartDate)
	if err != nil {
		return in, err
	}
	in.StartAt = start
	if in.EndAt, err = optionalTime("end_date", b.EndDate); err != nil {
		return in, err
	}
	return in, nil
}
