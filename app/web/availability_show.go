package web

import (
	"html/template"
	"math"

	"github.com/labstack/echo/v4"

	"statusdash/app/availability"
	"statusdash/app/model"
	"statusdash/app/render"
)

// availabilityPage is the data of pages/availability.
type availabilityPage struct {
	render.Page
	Months     []monthColumn
	Categories []availabilityCategory
	// PartialPercent is the share of a partial outage counted as downtime.
	PartialPercent int
}

type monthColumn struct {
	Short string // "Mar 26"
	Long  string // "March 2026"
}

type availabilityCategory struct {
	Category *model.Category
	Rows     []availabilityRow
}

type availabilityRow struct {
	Component *model.Component
	// Cells are the row's months, written whole (availability_cells.go).
	Cells template.HTML
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
	page := &availabilityPage{Page: s.basePage(req, "Availability", "availability"),
		PartialPercent: int(math.Round(100 * availability.PartialWeight))}
	page.Now = now
	// Months are UTC calendar months: labels in UTC, whatever the reader's zone.
	for _, month := range report.Months {
		page.Months = append(page.Months, monthColumn{Short: month.Format("Jan 06"), Long: month.Format("January 2006") + " (UTC)"})
	}
	var buf []byte
	for _, category := range report.Catalog.Categories {
		group := availabilityCategory{Category: category}
		for _, row := range report.Rows {
			if row.Component.Service.CategoryID != category.ID {
				continue
			}
			var cells template.HTML
			cells, buf = availabilityCells(buf, row.Months)
			group.Rows = append(group.Rows, availabilityRow{Component: row.Component, Cells: cells})
		}
		if len(group.Rows) > 0 {
			page.Categories = append(page.Categories, group)
		}
	}
	return pageAvailability, page, nil
}
