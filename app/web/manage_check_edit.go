package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"statusdash/app/incident"
	"statusdash/app/monitor/probe"
	"statusdash/app/store"
)

// showEditCheck (GET /manage/checks/:id/edit, admins) shows the check's form.
func (m *manager) showEditCheck(c echo.Context) error {
	check, err := m.loadCheck(c)
	if err != nil {
		return err
	}
	page, err := m.checkFormPage(c, fmt.Sprintf("Edit check %d", check.ID), check, checkFormOf(check), nil)
	if err != nil {
		return err
	}
	return m.render(c, http.StatusOK, pageManageCheckForm, page)
}

// editCheck (POST /manage/checks/:id/edit, admins) sets the check's
// component, definition and paused flag; the kind stays. It answers 303 to
// the check's page, or 422 with the form and its errors.
func (m *manager) editCheck(c echo.Context) error {
	check, err := m.loadCheck(c)
	if err != nil {
		return err
	}
	values, err := c.FormParams()
	if err != nil {
		return badRequest("form", "cannot be read: %v", err)
	}
	form := parseCheckForm(values)
	// The kind is shown, not posted: a heartbeat's token hangs on it.
	form.Kind = string(check.Definition.Kind)
	componentID, def, errs := validateCheckForm(form)
	if len(errs) == 0 {
		errs, err = m.updateCheck(c, check, componentID, def, form.Paused)
		if err != nil {
			return err
		}
		if len(errs) == 0 {
			return seeOther(c, fmt.Sprintf("/manage/checks/%d", check.ID))
		}
	}
	page, err := m.checkFormPage(c, fmt.Sprintf("Edit check %d", check.ID), check, form, errs)
	if err != nil {
		return err
	}
	return m.render(c, http.StatusUnprocessableEntity, pageManageCheckForm, page)
}

// updateCheck writes the form's values through the store, which keeps the
// audit row; bad input comes back as field errors.
func (m *manager) updateCheck(c echo.Context, check *store.Check, componentID uint, def probe.Definition, paused bool) (incident.FieldErrors, error) {
	patch, err := definitionPatch(check.Definition, def)
	if err != nil {
		return nil, err
	}
	_, err = m.server.store.UpdateCheck(c.Request().Context(), actor(c), check.ID,
		store.CheckPatch{ComponentID: &componentID, Paused: &paused, Definition: patch}, m.server.now())
	if err == nil {
		return nil, nil
	}
	return checkWriteFailed(err)
}
