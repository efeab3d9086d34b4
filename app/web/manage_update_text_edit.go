package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"statusdash/app/model"
)

// manageUpdateTextPage is the data of pages/manage_update_text.
type manageUpdateTextPage struct {
	managePage
	Event  *model.Event
	Update model.EventUpdate
	Index  int
	Form   updateTextForm
}

// updateAt reads :id and :index and finds the update; both unknown are 404.
func (m *manager) updateAt(c echo.Context) (*model.Event, int, error) {
	id, err := eventID(c)
	if err != nil {
		return nil, 0, err
	}
	raw := c.Param("index")
	index, err := strconv.Atoi(raw)
	if err != nil || index < 0 {
		return nil, 0, notFound("There is no update %q.", truncate(raw, 40))
	}
	event, err := m.loadEvent(c, id)
	if err != nil {
		return nil, 0, err
	}
	if index >= len(event.Updates) {
		return nil, 0, notFound("Event %d has no update %d.", id, index)
	}
	return event, index, nil
}

// showEditUpdateText (GET /manage/events/:id/updates/:index/edit) shows the
// update's text in a form.
func (m *manager) showEditUpdateText(c echo.Context) error {
	event, index, err := m.updateAt(c)
	if err != nil {
		return err
	}
	return m.renderUpdateText(c, http.StatusOK, event, index, updateTextForm{Text: event.Updates[index].Text}, nil)
}

// editUpdateText (POST) replaces the update's text; 303 to the event's page, or 422.
func (m *manager) editUpdateText(c echo.Context) error {
	event, index, err := m.updateAt(c)
	if err != nil {
		return err
	}
	values, err := c.FormParams()
	if err != nil {
		return badRequest("form", "cannot be read: %v", err)
	}
	form := parseUpdateTextForm(values)
	errs := validateUpdateTextForm(form)
	if len(errs) == 0 {
		_, err = m.server.store.EditUpdateText(c.Request().Context(), actor(c), event.ID, index, form.Text, m.server.now())
		if err == nil {
			return seeOther(c, fmt.Sprintf("/manage/events/%d", event.ID))
		}
		if errs, err = writeFailed(err); err != nil {
			return err
		}
	}
	return m.renderUpdateText(c, http.StatusUnprocessableEntity, event, index, form, errs)
}

func (m *manager) renderUpdateText(c echo.Context, status int, event *model.Event, index int, form updateTextForm, errs map[string]string) error {
	page := &manageUpdateTextPage{managePage: m.page(c, "Edit an update of "+event.Title, "manage"),
		Event: event, Update: event.Updates[index], Index: index, Form: form}
	page.Errors = errs
	return m.render(c, status, pageManageUpdateText, page)
}
