package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"statusdash/app/model"
)

// auditPerPage is how many audit entries a page lists.
const auditPerPage = 50

// manageAuditPage is the data of pages/manage_audit.
type manageAuditPage struct {
	managePage
	Entries    []model.AuditEntry
	Total      int64
	Pagination pagination
}

// listAudit (GET /admin/audit?page=N) lists the audit log newest first.
func (m *manager) listAudit(c echo.Context) error {
	number := 1
	if raw := c.QueryParam("page"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > 1_000_000 {
			return badRequest("page", "must be a whole number from 1, got %q", truncate(raw, 40))
		}
		number = n
	}
	entries, total, err := m.server.store.AuditEntries(c.Request().Context(), number, auditPerPage)
	if err != nil {
		return err
	}
	pages := int((total + auditPerPage - 1) / auditPerPage)
	if pages < 1 {
		pages = 1
	}
	page := &manageAuditPage{managePage: m.page(c, "Audit log", "audit"), Entries: entries, Total: total,
		Pagination: pagination{Page: number, Pages: pages}}
	link := func(n int) string { return "/admin/audit?" + url.Values{"page": {strconv.Itoa(n)}}.Encode() }
	if number > 1 {
		page.Pagination.PreviousURL = link(min(number-1, pages))
	}
	if number < pages {
		page.Pagination.NextURL = link(number + 1)
	}
	return m.render(c, http.StatusOK, pageManageAudit, page)
}
