package web

import (
	"fmt"
	"math"
	"strings"
	"time"

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
	Months    []availabilityCell
}

// availabilityCell is one month of one component with its figure spelled out.
type availabilityCell struct {
	availability.Figure
	// Detail says what the month held: "20 min major outage, 1 h 10 min
	// degraded performance; 2 h maintenance"; empty when nothing did.
	Detail string
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
	for _, category := range report.Catalog.Categories {
		group := availabilityCategory{Category: category}
		for _, row := range report.Rows {
			if row.Component.Service.CategoryID != category.ID {
				continue
			}
			cells := make([]availabilityCell, len(row.Months))
			for i, figure := range row.Months {
				cells[i] = availabilityCell{Figure: figure, Detail: figureDetail(figure)}
			}
			group.Rows = append(group.Rows, availabilityRow{Component: row.Component, Months: cells})
		}
		if len(group.Rows) > 0 {
			page.Categories = append(page.Categories, group)
		}
	}
	return pageAvailability, page, nil
}

// figureDetail names the time a month spent at each impact, worst first,
// then in maintenance, with the health labels the pages use.
func figureDetail(f availability.Figure) string {
	var held []string
	for _, part := range []struct {
		time   time.Duration
		health model.Health
	}{{f.Outage, model.HealthOutage}, {f.Partial, model.HealthMajor}, {f.Degraded, model.HealthMinor}} {
		if part.time > 0 {
			held = append(held, fmt.Sprintf("%s %s", spell(part.time), strings.ToLower(part.health.Label())))
		}
	}
	detail := strings.Join(held, ", ")
	if f.Maintenance > 0 {
		if detail != "" {
			detail += "; "
		}
		detail += spell(f.Maintenance) + " " + strings.ToLower(model.HealthMaintenance.Label())
	}
	return detail
}

// spell writes a duration in hours and minutes: "45 min", "3 h 5 min".
func spell(d time.Duration) string {
	minutes := int(d.Round(time.Minute).Minutes())
	switch {
	case minutes < 1:
		return "less than a minute"
	case minutes < 60:
		return fmt.Sprintf("%d min", minutes)
	case minutes%60 == 0:
		return fmt.Sprintf("%d h", minutes/60)
	}
	return fmt.Sprintf("%d h %d min", minutes/60, minutes%60)
}
