package stackmon

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"statusdash/app/checkwrite"
)

// updateV3Check answers PATCH /api/v3/checks/{id}: the fields given
// change, null puts a definition field back to its default, and the answer
// is the check as it now is. An operator may pause and resume a check;
// any other change needs an admin (checkwrite.RoleFor).
func (a *API) updateV3Check(c echo.Context) error {
	id, err := pathID(c, v2Family, "id", "check")
	if err != nil {
		return err
	}
	var object map[string]json.RawMessage
	if err := decodeBody(c, v2Family, &object, false); err != nil {
		return err
	}
	patch, err := checkwrite.ParsePatch(object)
	if err != nil {
		return v3CheckInputError(err)
	}
	if credential := verifiedCredential(c); !credential.Role.Allows(checkwrite.RoleFor(patch)) {
		return v2Family.fail(http.StatusForbidden, "the credential "+strconv.Quote(credential.Name)+
			" may only pause and resume checks: changing one needs the admin role")
	}
	check, err := a.store.UpdateCheck(c.Request().Context(), actor(c), id, patch, a.now())
	if err != nil {
		return err
	}
	return writeV3Check(c, http.StatusOK, check, "")
}
