package web

import (
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/locale"
	"statusdash/app/model"
	"statusdash/app/store"
)

// uptimeSection is the overview's bars: a row per service, of all its
// regions or of the chosen one.
type uptimeSection struct {
	Days int
	// Region names the one region the bars cover; empty: all together.
	Region string
	Rows   []uptimeRow
}

// serviceUptime reads the daily availability of the components in region
// (nil: every region) and draws a row of bars per service, in catalog
// order: the finalized days kept while their generation stands
// (overview_bars_cache.go), the later ones read each time.
func (s *Server) serviceUptime(c echo.Context, tree *store.CatalogTree, region *model.Region, now time.Time, lang *locale.Language) (uptimeSection, error) {
	section := uptimeSection{Days: store.UptimeDays}
	scope := store.AvailabilityScope{}
	if region != nil {
		scope.RegionID = region.ID
		section.Region = region.Name
	}
	var services []scopedService
	var shown []*model.Service
	for _, category := range tree.Categories {
		for _, service := range tree.ServicesOf(category.ID) {
			var ids []uint
			for _, component := range tree.ComponentsOf(service.ID) {
				if region == nil || component.RegionID == region.ID {
					ids = append(ids, component.ID)
				}
			}
			if len(ids) > 0 {
				services = append(services, scopedService{id: service.ID, components: ids})
				shown = append(shown, service)
			}
		}
	}
	bars, err := s.readServiceBars(c.Request().Context(), services, scope, now)
	if err != nil {
		return section, err
	}
	words := newBarWords(lang)
	for i, service := range shown {
		section.Rows = append(section.Rows, uptimeRow{
			Label:  service.Name,
			URL:    "/services/" + service.Slug + "#uptime-title",
			Figure: uptimeFigure(lang, bars[i].total),
			Bars:   compactBars(words, bars[i].classes),
		})
	}
	return section, nil
}
