package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"
)

// editEvent (POST /manage/events/:id/edit) changes the title and
// description without an update; 303 to the event's page, or 422.
func (m *manager) editEvent(c echo.Context) error {
	event, values, err := m.postedEvent(c)
	if err != nil {
		return err
	}
	form := parseEditForm(values)
	now := m.server.now()
	edit, errs := validateEditForm(form, event, now)
	if len(errs) == 0 {
		_, err = m.server.store.EditEvent(c.Request().Context(), actor(c), event.ID, edit, now)
		if err == nil {
			return seeOther(c, fmt.Sprintf("/manage/events/%d", event.ID))
		}
		if errs, err = writeFailed(err); err != nil {
			return err
		}
	}
	page := m.eventPage(c, event)
	page.Errors = errs
	page.Edit = editFormView{Values: form, Errors: errs}
	return m.render(c, http.StatusUnprocessableEntity, pageManageEvent, page)
}
