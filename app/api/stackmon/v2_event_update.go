package stackmon

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"statusdash/app/model"
	"statusdash/app/store"
)

// v2EventUpdate is the body of PATCH /v2/events/{id}; message, status and
// update_date are required, the rest changes the event when given.
type v2EventUpdate struct {
	Title       *string `json:"title"`
	Description *string `json:"description"`
	Impact      *int    `json:"impact"`
	Message     string  `json:"message"`
	Status      string  `json:"status"`
	UpdateDate  *string `json:"update_date"`
	StartDate   *string `json:"start_date"`
	EndDate     *string `json:"end_date"`
	Type        *string `json:"type"`
	// Notify false keeps subscribers from hearing about the update.
	Notify *bool `json:"notify"`
}

// updateV2Event answers PATCH /v2/events/{id}: posts a status update with
// the changes it carries (store.AddUpdate applies the rules) and answers the event.
func (a *API) updateV2Event(c echo.Context) error {
	var body v2EventUpdate
	if err := decodeBody(c, v2Family, &body, true); err != nil {
		return err
	}
	e, err := a.event(c)
	if err != nil {
		return err
	}
	if body.Type != nil && model.EventType(*body.Type) != e.Type {
		return v2Family.fail(http.StatusBadRequest, "type: an event's type cannot change; it is "+string(e.Type))
	}
	in := store.NewUpdate{Status: body.Status, Message: body.Message, Title: body.Title, Description: body.Description}
	if body.UpdateDate == nil {
		return v2Family.fail(http.StatusBadRequest, "update_date: is required")
	}
	if in.At, err = parseTime("update_date", *body.UpdateDate); err != nil {
		return err
	}
	if in.StartAt, err = optionalTime("start_date", body.StartDate); err != nil {
		return err
	}
	if in.EndAt, err = optionalTime("end_date", body.EndDate); err != nil {
		return err
	}
	if body.Impact != nil {
		if !model.Impact(*body.Impact).Valid() {
			return v2Family.fail(http.StatusBadRequest, "impact: must be 0, 1, 2 or 3")
		}
		impact := model.Impact(*body.Impact)
		in.Impact = &impact
	}
	updated, err := a.store.AddUpdate(c.Request().Context(), notifyingActor(c, body.Notify), e.ID, in, a.now())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v2EventJSON(updated))
}
