package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"
)

// addUpdate (POST /manage/events/:id/updates) posts a status update: a
// plain update, a change of impact, resolving, reopening or correcting the
// end of a closed incident, or modifying or cancelling a window. It answers
// 303 to the event's page; bad input shows the page again with 422.
func (m *manager) addUpdate(c echo.Context) error {
	event, values, err := m.postedEvent(c)
	if err != nil {
		return err
	}
	form := parseUpdateForm(values)
	now := m.server.now()
	update, errs := validateUpdateForm(form, event, m.server.readerZone(c), now)
	if len(errs) == 0 {
		author := actor(c)
		author.NoNotify = form.Quiet
		_, err = m.server.store.AddUpdate(c.Request().Context(), author, event.ID, update, now)
		if err == nil {
			return seeOther(c, fmt.Sprintf("/manage/events/%d", event.ID))
		}
		if errs, err = writeFailed(err); err != nil {
			return err
		}
	}
	page := m.eventPage(c, event)
	page.withUpdateErrors(form, errs)
	return m.render(c, http.StatusUnprocessableEntity, pageManageEvent, page)
}
