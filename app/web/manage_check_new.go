package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"statusdash/app/checkwrite"
	"statusdash/app/incident"
	"statusdash/app/monitor/probe"
	"statusdash/app/store"
)

// manageCheckFormPage is the data of pages/manage_check_form: a new check,
// or an existing one (Check set) whose kind cannot change.
type manageCheckFormPage struct {
	managePage
	Check      *store.Check
	Form       checkForm
	Kinds      []probe.Kind
	Components []checkComponent
}

// checkFormPage fills the form page with the form's values.
func (m *manager) checkFormPage(c echo.Context, title string, check *store.Check, form checkForm, errs incident.FieldErrors) (*manageCheckFormPage, error) {
	components, err := m.checkComponents(c.Request().Context())
	if err != nil {
		return nil, err
	}
	for i := range components {
		components[i].Selected = fmt.Sprint(components[i].ID) == form.ComponentID
	}
	page := &manageCheckFormPage{managePage: m.page(c, title, "checks"), Check: check, Form: form,
		Kinds: probe.Kinds(), Components: components}
	page.Errors = errs
	return page, nil
}

// showNewCheck (GET /manage/checks/new, admins) shows the empty form.
func (m *manager) showNewCheck(c echo.Context) error {
	form := checkForm{Kind: string(probe.KindHTTP), Interval: "60", ComponentID: c.QueryParam(store.FieldComponentID)}
	page, err := m.checkFormPage(c, "New check", nil, form, nil)
	if err != nil {
		return err
	}
	return m.render(c, http.StatusOK, pageManageCheckForm, page)
}

// createCheck (POST /manage/checks, admins) creates a check and answers 303
// to its page; a heartbeat check's page comes at once (201) instead,
// showing its secret token the one time it exists in full.
func (m *manager) createCheck(c echo.Context) error {
	values, err := c.FormParams()
	if err != nil {
		return badRequest("form", "cannot be read: %v", err)
	}
	form := parseCheckForm(values)
	componentID, def, errs := validateCheckForm(form)
	if len(errs) == 0 {
		in := store.NewCheck{ComponentID: componentID, Definition: def, Paused: form.Paused}
		check, token, err := checkwrite.Create(c.Request().Context(), m.server.store, actor(c), in, m.server.now())
		if err == nil {
			if token == "" {
				return seeOther(c, fmt.Sprintf("/manage/checks/%d", check.ID))
			}
			page, err := m.checkPage(c, check, store.CheckResultCursor{})
			if err != nil {
				return err
			}
			page.HeartbeatURL = strings.TrimSuffix(m.server.config.BaseURL, "/") + "/api/v3/heartbeats/" + token
			return m.render(c, http.StatusCreated, pageManageCheck, page)
		}
		if errs, err = checkWriteFailed(err); err != nil {
			return err
		}
	}
	page, err := m.checkFormPage(c, "New check", nil, form, errs)
	if err != nil {
		return err
	}
	return m.render(c, http.StatusUnprocessableEntity, pageManageCheckForm, page)
}
