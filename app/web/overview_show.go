package web

import (
	"errors"
	"net/url"
	"slices"
	"strings"

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
	// Region is the chosen region, nil when all are shown side by side.
	Region *model.Region
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
	// Open unfolds the table: something in the category does not work.
	Open     bool
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
	// Quiet is true for an operational cell: an icon with hidden words, so
	// the cells with problems, in words, stand out.
	Quiet bool
	// CauseID is the open event behind the health, 0 when there is none.
	CauseID uint
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
	var chosenRegion *model.Region
	chosen := req.query.Get("region")
	var region *model.Region
	if chosen != "" {
		region, err = overview.Catalog.RegionBySlug(chosen)
		if errors.Is(err, store.ErrNotFound) {
			return "", nil, localizedNotFound("error.no_region", "Slug", chosen)
		}
		chosenRegion = region
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
	headline := overviewHeadline(req.lang.MustT, overview)
	page := &overviewPage{
		Page:        s.basePage(req, headline, "overview"),
		Health:      overview.Health,
		Headline:    headline,
		Incidents:   eventCards(inRegion(overview.Incidents, chosen), req.zone, now),
		Maintenance: eventCards(inRegion(overview.Maintenance, chosen), req.zone, now),
		Upcoming:    eventCards(inRegion(overview.Upcoming, chosen), req.zone, now),
	}
	page.Now = now
	page.Favicon = "icons/" + overview.Health.Key() + ".svg"
	page.RegionTabs, page.Region = regionTabs(req, regions, chosen), chosenRegion
	for _, i := range columns {
		page.Columns = append(page.Columns, regions[i])
	}
	words := newHealthWords(req.lang)
	for _, category := range overview.Categories {
		rows := categoryRows{Category: category.Category}
		health := model.HealthOperational
		for _, service := range category.Services {
			row := serviceRow{Service: service.Service, Cells: make([]matrixCell, 0, len(columns))}
			present := false
			for _, i := range columns {
				row.Cells = append(row.Cells, newMatrixCell(words, regions[i], service.Cells[i]))
				if cell := service.Cells[i]; cell != nil {
					present = true
					health = max(health, cell.Health)
				}
			}
			if present {
				rows.Services = append(rows.Services, row)
			}
		}
		rows.Health, rows.Open = words.badge(health), health != model.HealthOperational
		if len(rows.Services) > 0 {
			page.Categories = append(page.Categories, rows)
		}
	}
	if page.Uptime, err = s.serviceUptime(c, overview.Catalog, region, now, req.lang); err != nil {
		return "", nil, err
	}
	return pageOverview, page, nil
}

// newMatrixCell is the cell of a region's column; status is nil when the
// service does not run there.
func newMatrixCell(words healthWords, region *model.Region, status *store.ComponentStatus) matrixCell {
	cell := matrixCell{Region: region.Name}
	if status == nil {
		return cell
	}
	cell.Offered, cell.Health = true, words.badge(status.Health)
	cell.Quiet = status.Health == model.HealthOperational
	if status.Cause != nil {
		cell.CauseID = status.Cause.ID
	}
	return cell
}

// regionsAnchor is the id of the region tabs: a tab's link returns the
// reader to them, not to the top of the page.
const regionsAnchor = "regions"

// regionTabs links to all regions side by side and to each region alone,
// keeping the refresh choice and the reader's place (the tabs' anchor).
func regionTabs(req *pageRequest, regions []*model.Region, chosen string) []render.Link {
	link := func(slug string) string {
		query := url.Values{}
		if slug != "" {
			query.Set("region", slug)
		}
		if refresh := req.query.Get("refresh"); refresh != "" {
			query.Set("refresh", refresh)
		}
		return withQuery("/", query) + "#" + regionsAnchor
	}
	tabs := []render.Link{{Label: req.lang.MustT("overview.all_regions"), URL: link(""), Current: chosen == ""}}
	for _, region := range regions {
		tabs = append(tabs, render.Link{Label: region.Name, URL: link(region.Slug), Current: region.Slug == chosen})
	}
	return tabs
}

// inRegion keeps the events that affect the region with the slug, and
// those that name no component (page-wide notices); all of them when slug
// is empty (all regions shown).
func inRegion(summaries []*store.EventSummary, slug string) []*store.EventSummary {
	if slug == "" {
		return summaries
	}
	var kept []*store.EventSummary
	for _, summary := range summaries {
		regions := summary.Regions()
		if len(regions) == 0 {
			kept = append(kept, summary)
		}
		for _, region := range regions {
			if region.Slug == slug {
				kept = append(kept, summary)
				break
			}
		}
	}
	return kept
}

// overviewHeadline is the banner's words: the page-wide status, named where
// it is narrow: "Partial outage in EU-DE", "Major outage in EU-DE and
// EU-NL", "Degraded performance of Object Storage"; "All systems
// operational" when everything works.
func overviewHeadline(say sayFunc, overview *store.Overview) string {
	worst := overview.Health
	if worst == model.HealthOperational {
		return pageLabel(say, worst)
	}
	var regions, services []string
	for _, category := range overview.Categories {
		for _, service := range category.Services {
			for i, cell := range service.Cells {
				if cell == nil || cell.Health != worst {
					continue
				}
				if name := overview.Catalog.Regions[i].Name; !slices.Contains(regions, name) {
					regions = append(regions, name)
				}
				if name := service.Service.Name; !slices.Contains(services, name) {
					services = append(services, name)
				}
			}
		}
	}
	return scopedHeadline(say, worst, regions, services)
}

// scopedHeadline names the regions when there are one or two, else the
// service when there is one, else nothing beyond the status.
func scopedHeadline(say sayFunc, worst model.Health, regions, services []string) string {
	label := pageLabel(say, worst)
	switch {
	case len(regions) == 1 || len(regions) == 2:
		return say("health.in_regions", "Status", label, "Regions", strings.Join(regions, say("health.and")))
	case len(services) == 1:
		return say("health.of_service", "Status", label, "Service", services[0])
	}
	return label
}

// pageLabel is model.PageLabel in the reader's language: pages translate
// it, feeds and JSON keep the English of model.
func pageLabel(say sayFunc, h model.Health) string {
	if h == model.HealthOperational {
		return say("health.all_operational")
	}
	return say("health." + h.Key())
}

// RegionsAnchor is the id the region tabs' links return to.
func (p *overviewPage) RegionsAnchor() string { return regionsAnchor }
