package stackmon

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"statusdash/app/apiauth"
	"statusdash/app/incident"
	"statusdash/app/monitor/probe"
	"statusdash/app/store"
)

// v3CheckOwnFields are the fields of a check's body that are not its definition's.
var v3CheckOwnFields = []string{store.FieldComponentID, store.FieldPaused}

// v3NewCheckFields are the fields of POST /api/v3/checks besides the definition's.
type v3NewCheckFields struct {
	ComponentID *uint `json:"component_id"`
	Paused      bool  `json:"paused"`
}

// createV3Check answers POST /api/v3/checks (admin): 201 with the check.
// A heartbeat check's answer carries its secret token, once.
func (a *API) createV3Check(c echo.Context) error {
	var raw json.RawMessage
	if err := decodeBody(c, v2Family, &raw, false); err != nil {
		return err
	}
	var fields v3NewCheckFields
	if err := json.Unmarshal(raw, &fields); err != nil {
		return v2Family.fail(http.StatusBadRequest, jsonProblem(err))
	}
	errs := incident.FieldErrors{}
	if fields.ComponentID == nil {
		errs.Add(store.FieldComponentID, "is required")
	}
	definition, err := probe.ParseDefinition(raw, v3CheckOwnFields...)
	if err != nil {
		var fieldErrs incident.FieldErrors
		if !errors.As(err, &fieldErrs) {
			return v2Family.fail(http.StatusBadRequest, err.Error())
		}
		for field, message := range fieldErrs {
			errs.Add(field, message)
		}
	}
	if len(errs) > 0 {
		return &store.ValidationError{Fields: errs}
	}
	in := store.NewCheck{ComponentID: *fields.ComponentID, Definition: definition, Paused: fields.Paused}
	var token string
	if definition.Kind == probe.KindHeartbeat {
		if token, in.HeartbeatTokenHash, err = apiauth.NewHeartbeatToken(); err != nil {
			return err
		}
	}
	check, err := a.store.CreateCheck(c.Request().Context(), actor(c), in, a.now())
	if err != nil {
		return err
	}
	return writeV3Check(c, http.StatusCreated, check, token)
}
