package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"
)

// extractComponents (POST /manage/events/:id/extract) moves the chosen
// components of an open incident into a new incident with the same impact
// and answers 303 to the new incident's page; bad input gives 422.
func (m *manager) extractComponents(c echo.Context) error {
	event, values, err := m.postedEvent(c)
	if err != nil {
		return err
	}
	form := parseExtractForm(values)
	ids, errs := validateExtractForm(form, event)
	if len(errs) == 0 {
		extracted, err := m.server.store.ExtractComponents(c.Request().Context(), actor(c), event.ID, ids, m.server.now())
		if err == nil {
			return seeOther(c, fmt.Sprintf("/manage/events/%d", extracted.ID))
		}
		if errs, err = writeFailed(err); err != nil {
			return err
		}
	}
	page := m.eventPage(c, event)
	page.Errors = errs
	page.Extract = extractFormView{Choices: eventComponentChoices(event, checkedIDs(form.Components)), Errors: errs}
	return m.render(c, http.StatusUnprocessableEntity, pageManageEvent, page)
}
