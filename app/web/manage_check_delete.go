package web

import (
	"github.com/labstack/echo/v4"
)

// deleteCheck (POST /manage/checks/:id/delete, admins) deletes the check and
// its results and answers 303 to the list.
func (m *manager) deleteCheck(c echo.Context) error {
	id, err := checkID(c)
	if err != nil {
		return err
	}
	if err := m.server.store.DeleteCheck(c.Request().Context(), actor(c), id, m.server.now()); err != nil {
		return checkWriteError(err)
	}
	return seeOther(c, "/manage/checks")
}
