package stackmon

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"statusdash/app/checkwrite"
)

// createV3Check answers POST /api/v3/checks (admin): 201 with the check.
// A heartbeat check's answer carries its secret token, once.
func (a *API) createV3Check(c echo.Context) error {
	var raw json.RawMessage
	if err := decodeBody(c, v2Family, &raw, false); err != nil {
		return err
	}
	in, err := checkwrite.ParseNew(raw)
	if err != nil {
		return v3CheckInputError(err)
	}
	check, token, err := checkwrite.Create(c.Request().Context(), a.store, actor(c), in, a.now())
	if err != nil {
		return err
	}
	return writeV3Check(c, http.StatusCreated, check, token)
}

// v3CheckInputError answers malformed check input with 400 in words a
// client can act on; field errors go on to the error handler as they are.
func v3CheckInputError(err error) error {
	var malformed *checkwrite.MalformedError
	if errors.As(err, &malformed) {
		return v2Family.fail(http.StatusBadRequest, jsonProblem(malformed.Err))
	}
	return err
}
