package web

import (
	"errors"
	"net/url"

	"github.com/labstack/echo/v4"

	"statusdash/app/model"
	"statusdash/app/render"
	"statusdash/app/store"
)

// overviewPage is the data of pages/overview.
type overviewPage struct {
	render.Page
	Health      model.Health
	Headline    string
	Incidents   []EventCard
	Maintenance []EventCard
	Upcoming    []EventCard
	RegionTabs  []render.Link
	// Columns are the regions shown side by side: all, or the chosen one.
	Columns    []*model.Region
	Categories []categoryRows
	// Uptime holds the 90-day bars per service (uptime_bars.go).
	Uptime uptimeSection
}

// categoryRows is one category's table restricted to the shown regions.
type categoryRows struct {
	Category *model.Category
	Health   healthBadge
	Services []serviceRow
}

type serviceRow struct {
	Service *model.Service
	Cells   []matrixCell
}

// matrixCell is one cell of the status matrix with what it prints worked
// out in Go: the template reads fields instead of calling methods and
// functions through reflection, which was most of the page's rendering.
type matrixCell struct {
	// Region is the column's name, for the cell's data-label.
	Region string
	// Offered is false when the service does not run in the region.
	Offered bool
	Health  healthBadge
	// CauseID is the open event behind the health, 0 when there is none.
	CauseID uint
}

var headlines = map[model.Health]string{
	model.HealthOperational: "All systems operational",
	model.HealthMaintenance: "Maintenance in progress",
	model.HealthMinor:       "Some services have degraded performance",
	model.HealthMajor:       "Some services have a partial outage",
	model.HealthOutage:      "Some services have a major outage",
}

func (s *Server) showOverview(c echo.Context) error {
	return s.cachedPage(c, s.buildOverview, "region")
}

func (s *Server) buildOverview(c echo.Context, req *pageRequest) (string, any, error) {
	now := s.now()
	overview, err := s.store.ReadOverview(c.Request().Context(), now)
	if err != nil {
		return "", nil, err
	}
	regions := overview.Catalog.Regions
	columns := make([]int, 0, len(regions))
	chosen := req.query.Get("region")
	var region *model.Region
	if chosen != "" {
		region, err = overview.Catalog.RegionBySlug(chosen)
		if errors.Is(err, store.ErrNotFound) {
			return "", nil, notFound("There is no region %q.", chosen)
		}
		for i, candidate := range regions {
			if candidate.ID == region.ID {
				columns = append(columns, i)
			}
		}
	} else {
		for i := range regions {
			columns = append(columns, i)
		}
	}
	page := &overviewPage{
		Page:        s.basePage(req, "", "overview"),
		Health:      overview.Health,
		Headline:    headlines[overview.Health],
		Incidents:   eventCards(overview.Incidents, req.zone, now),
		Maintenance: eventCards(overview.Maintenance, req.zone, now),
		Upcoming:    eventCards(overview.Upcoming, req.zone, now),
	}
	page.Now = now
	page.RegionTabs = regionTabs(req, regions, chosen)
	for _, i := range columns {
		page.Columns = append(page.Columns, regions[i])
	}
	for _, category := range overview.Categories {
		rows := categoryRows{Category: category.Category}
		health := model.HealthOperational
		for _, service := range category.Services {
			row := serviceRow{Service: service.Service, Cells: make([]matrixCell, 0, len(columns))}
			present := false
			for _, i := range columns {
				row.Cells = append(row.Cells, newMatrixCell(regions[i], service.Cells[i]))
				if cell := service.Cells[i]; cell != nil {
					present = true
					health = max(health, cell.Health)
				}
			}
			if present {
				rows.Services = append(rows.Services, row)
			}
		}
		rows.Health = newHealthBadge(health)
		if len(rows.Services) > 0 {
			page.Categories = append(page.Categories, rows)
		}
	}
	if page.Uptime, err = s.serviceUptime(c, overview.Catalog, region, now); err != nil {
		return "", nil, err
	}
	return pageOverview, page, nil
}

// newMatrixCell is the cell of a region's column; status is nil when the
// service does not run there.
func newMatrixCell(region *model.Region, status *store.ComponentStatus) matrixCell {
	cell := matrixCell{Region: region.Name}
	if status == nil {
		return cell
	}
	cell.Offered, cell.Health = true, newHealthBadge(status.Health)
	if status.Cause != nil {
		cell.CauseID = status.Cause.ID
	}
	return cell
}

// regionTabs links to all regions side by side and to each region alone,
// keeping the refresh choice.
func regionTabs(req *pageRequest, regions []*model.Region, chosen string) []render.Link {
	link := func(slug string) string {
		query := url.Values{}
		if slug != "" {
			query.Set("region", slug)
		}
		if refresh := req.query.Get("refresh"); refresh != "" {
			query.Set("refresh", refresh)
		}
		return withQuery("/", query)
	}
	tabs := []render.Link{{Label: "All regions", URL: link(""), Current: chosen == ""}}
	for _, region := range regions {
		tabs = append(tabs, render.Link{Label: region.Name, URL: link(region.Slug), Current: region.Slug == chosen})
	}
	return tabs
}
