package web

import (
	"fmt"

	"github.com/labstack/echo/v4"

	"statusdash/app/redirect"
	"statusdash/app/store"
)

// pauseCheck (POST /manage/checks/:id/pause and /resume, operators) pauses
// or resumes the check and answers 303 to the page the form names in
// "next" (a local path), else the check's page.
func (m *manager) pauseCheck(paused bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := checkID(c)
		if err != nil {
			return err
		}
		_, err = m.server.store.UpdateCheck(c.Request().Context(), actor(c), id, store.CheckPatch{Paused: &paused}, m.server.now())
		if err != nil {
			return checkWriteError(err)
		}
		target := fmt.Sprintf("/manage/checks/%d", id)
		if next := c.FormValue("next"); next != "" {
			target = redirect.Local(next)
		}
		return seeOther(c, target)
	}
}
