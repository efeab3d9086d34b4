package web

import (
	"errors"
	"html/template"
	"math"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/availability"
	"statusdash/app/model"
	"statusdash/app/render"
	"statusdash/app/store"
)

// availabilityPage is the data of pages/availability.
type availabilityPage struct {
	render.Page
	// RegionTabs link to each region's table; one region shows at a time.
	RegionTabs []render.Link
	Region     *model.Region
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
	return s.cachedPage(c, s.buildAvailability, "region")
}

// buildAvailability shows one region's table, the first region's unless
// ?region= names another: a table per region keeps the page's size that of
// one region's services (12,000 cells at 1,000 components was 2.8 MB and
// a build of 50 ms) and fits narrow screens; tabs lead to the others.
func (s *Server) buildAvailability(c echo.Context, req *pageRequest) (string, any, error) {
	now := s.now()
	chosen := req.query.Get("region")
	report, err := s.store.ReadRegionAvailability(c.Request().Context(), now, chosen)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil, localizedNotFound("error.no_region", "Slug", chosen)
	}
	if err != nil {
		return "", nil, err
	}
	page := &availabilityPage{Page: s.basePage(req, req.lang.MustT("availability.title"), "availability"), Region: report.Region,
		PartialPercent: int(math.Round(100 * availability.PartialWeight))}
	if report.Region != nil {
		page.Title = req.lang.MustT("availability.title_in", "Region", report.Region.Name)
		page.RegionTabs = availabilityTabs(report.Catalog.Regions, report.Region)
	}
	page.Now = now
	// Months are UTC calendar months: labels in UTC, whatever the reader's zone.
	for _, month := range report.Months {
		page.Months = append(page.Months, monthColumn{Short: req.lang.MonthShort(time.UTC, month), Long: req.lang.Month(time.UTC, month) + " (UTC)"})
	}
	var buf []byte
	words := newFigureWords(req.lang)
	for _, category := range report.Catalog.Categories {
		group := availabilityCategory{Category: category}
		for _, row := range report.Rows {
			if row.Component.Service.CategoryID != category.ID {
				continue
			}
			var cells template.HTML
			cells, buf = availabilityCells(words, buf, row.Months)
			group.Rows = append(group.Rows, availabilityRow{Component: row.Component, Cells: cells})
		}
		if len(group.Rows) > 0 {
			page.Categories = append(page.Categories, group)
		}
	}
	return pageAvailability, page, nil
}

// availabilityTabs link to each region's table, the shown one marked.
func availabilityTabs(regions []*model.Region, shown *model.Region) []render.Link {
	tabs := make([]render.Link, 0, len(regions))
	for i, region := range regions {
		link := "/availability"
		if i > 0 {
			link = withQuery(link, url.Values{"region": {region.Slug}})
		}
		tabs = append(tabs, render.Link{Label: region.Name, URL: link, Current: region.ID == shown.ID})
	}
	return tabs
}
