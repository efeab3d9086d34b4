package stackmon

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"statusdash/app/auth"
	"statusdash/app/store"
)

// v3CheckPatchFields are the fields of PATCH /api/v3/checks/{id} besides the definition's.
type v3CheckPatchFields struct {
	ComponentID *uint `json:"component_id"`
	Paused      *bool `json:"paused"`
}

// updateV3Check answers PATCH /api/v3/checks/{id}: the fields given
// change, null puts a definition field back to its default, and the answer
// is the check as it now is. An operator may pause and resume a check;
// any other change needs an admin.
func (a *API) updateV3Check(c echo.Context) error {
	id, err := pathID(c, v2Family, "id", "check")
	if err != nil {
		return err
	}
	var object map[string]json.RawMessage
	if err := decodeBody(c, v2Family, &object, false); err != nil {
		return err
	}
	var fields v3CheckPatchFields
	raw, _ := json.Marshal(object) // raw messages and string keys always marshal
	if err := json.Unmarshal(raw, &fields); err != nil {
		return v2Family.fail(http.StatusBadRequest, jsonProblem(err))
	}
	patch := store.CheckPatch{ComponentID: fields.ComponentID, Paused: fields.Paused}
	for _, field := range v3CheckOwnFields {
		delete(object, field)
	}
	if (patch.ComponentID != nil || len(object) > 0) && !verifiedCredential(c).Role.Allows(auth.RoleAdmin) {
		return v2Family.fail(http.StatusForbidden, "the credential "+strconv.Quote(verifiedCredential(c).Name)+
			" may only pause and resume checks: changing one needs the admin role")
	}
	if len(object) > 0 {
		patch.Definition, _ = json.Marshal(object)
	}
	check, err := a.store.UpdateCheck(c.Request().Context(), actor(c), id, patch, a.now())
	if err != nil {
		return err
	}
	return writeV3Check(c, http.StatusOK, check, "")
}
