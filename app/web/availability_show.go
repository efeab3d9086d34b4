package web

import (
	"github.com/labstack/echo/v4"

	"statusdash/app/model"
	"statusdash/app/render"
	"statusdash/app/store"
)

// availabilityPage is the data of pages/availability.
type availabilityPage struct {
	render.Page
	Months     []monthColumn
	Categories []availabilityCategory
}

type monthColumn struct {
	Short string // "Mar 26"
	Long  string // "March 2026"
}

type availabilityCategory struct {
	Category *model.Category
	Rows     []*store.ComponentAvailability
}

func (s *Server) showAvailability(c echo.Context) error {
	return s.cachedPage(c, s.buildAvailability)
}

func (s *Server) buildAvailability(c echo.Context, req *pageRequest) (string, any, error) {
	now := s.now()
	report, err := s.store.ReadAvailability(c.Request().Context(), now)
	if err != nil {
		return "", nil, err
	}
	page := &availabilityPage{Page: s.basePage(req, "Availability", "availability")}
	page.Now = now
	// Months are UTC calendar months: labels in UTC, whatever the reader's zone.
	for _, month := range report.Months {
		page.Months = append(page.Months, monthColumn{Short: month.Format("Jan 06"), Long: month.Format("January 2006") + " (UTC)"})
	}
	for _, category := range report.Catalog.Categories {
		group := availabilityCategory{Category: category}
		for _, row := range report.Rows {
			if row.Component.Service.CategoryID == category.ID {
				group.Rows = append(group.Rows, row)
			}
		}
		if len(group.Rows) > 0 {
			page.Categories = append(page.Categories, group)
		}
	}
	return pageAvailability, page, nil
}
