package stackmon

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"statusdash/app/incident"
)

// v2Extract is the body of POST /v2/events/{id}/extract.
type v2Extract struct {
	Components []uint `json:"components"`
}

// extractV2Event answers POST /v2/events/{id}/extract: the components move
// into a new incident like the old one, which answers 200.
func (a *API) extractV2Event(c echo.Context) error {
	var body v2Extract
	if err := decodeBody(c, v2Family, &body, true); err != nil {
		return err
	}
	if len(body.Components) > incident.MaxComponents {
		return v2Family.fail(http.StatusBadRequest, "components: "+incident.TooManyComponents)
	}
	e, err := a.event(c)
	if err != nil {
		return err
	}
	extracted, err := a.store.ExtractComponents(c.Request().Context(), actor(c), e.ID, body.Components, a.now())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v2EventJSON(extracted))
}
