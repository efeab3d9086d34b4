package web

import (
	"errors"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"statusdash/app/model"
	"statusdash/app/render"
	"statusdash/app/store"
)

// embedPage is the data of pages/embed: one line of status another site
// may frame.
type embedPage struct {
	render.Page
	Health   model.Health
	Headline string
	// Region is the region the line covers; nil for every region.
	Region *model.Region
	// Incidents counts the open incidents the line covers.
	Incidents int
	// StatusURL is the full status page, opened in a new tab.
	StatusURL string
}

// embedHeaders open frame-ancestors for /embed alone (SDB_EMBED_ANCESTORS)
// and drop X-Frame-Options, which cannot name sites and would deny them.
// CORP and COEP let a page that requires them (COEP require-corp) frame
// it; the line loads only its own origin's stylesheet and icons.
var requireCORP = []string{"require-corp"}

func (s *Server) embedHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		header := c.Response().Header()
		header["Content-Security-Policy"] = s.embedPolicy
		header["Cross-Origin-Resource-Policy"] = crossOrigin
		header["Cross-Origin-Embedder-Policy"] = requireCORP
		delete(header, "X-Frame-Options")
		return next(c)
	}
}

// embedPolicy is the CSP of /embed: the pages' own with frame-ancestors
// from the configuration.
func embedPolicy(ancestors string) []string {
	return []string{strings.Replace(contentSecurityPolicy[0], "frame-ancestors 'none'", "frame-ancestors "+ancestors, 1)}
}

func (s *Server) showEmbed(c echo.Context) error {
	return s.cachedPage(c, s.buildEmbed, "region")
}

func (s *Server) buildEmbed(c echo.Context, req *pageRequest) (string, any, error) {
	now := s.now()
	overview, err := s.store.ReadOverview(c.Request().Context(), now)
	if err != nil {
		return "", nil, err
	}
	page := &embedPage{Page: s.basePage(req, "", ""), Health: overview.Health, StatusURL: s.config.BaseURL + "/"}
	if slug := req.query.Get("region"); slug != "" {
		region, err := overview.Catalog.RegionBySlug(slug)
		if errors.Is(err, store.ErrNotFound) {
			return "", nil, localizedNotFound("error.no_region", "Slug", slug)
		}
		page.Region = region
		page.StatusURL = s.config.BaseURL + "/?" + url.Values{"region": {slug}}.Encode()
		page.Health = model.HealthOperational
		for i, column := range overview.Catalog.Regions {
			if column.ID != region.ID {
				continue
			}
			for _, category := range overview.Categories {
				for _, service := range category.Services {
					if cell := service.Cells[i]; cell != nil {
						page.Health = max(page.Health, cell.Health)
					}
				}
			}
		}
	}
	for _, incident := range overview.Incidents {
		for _, component := range incident.Event.Components {
			if page.Region == nil || component.RegionID == page.Region.ID {
				page.Incidents++
				break
			}
		}
	}
	page.Headline = pageLabel(req.lang.MustT, page.Health)
	return pageEmbed, page, nil
}
