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

// serviceUptime reads the daily roll-ups of the components in region (nil:
// every region) and draws a row of bars per service, in catalog order.
func (s *Server) serviceUptime(c echo.Context, tree *store.CatalogTree, region *model.Region, now time.Time, lang *locale.Language) (uptimeSection, error) {
	section := uptimeSection{Days: store.UptimeDays}
	scope := store.AvailabilityScope{}
	if region != nil {
		scope.RegionID = region.ID
		section.Region = region.Name
	}
	daily, err := s.store.ReadDailyAvailability(c.Request().Context(), now, store.UptimeDays, scope)
	if err != nil {
		return section, err
	}
	words := newBarWords(lang)
	ids := make([]uint, 0, len(tree.Regions))
	for _, category := range tree.Categories {
		for _, service := range tree.ServicesOf(category.ID) {
			ids = ids[:0]
			for _, component := range tree.ComponentsOf(service.ID) {
				if region == nil || component.RegionID == region.ID {
					ids = append(ids, component.ID)
				}
			}
			if len(ids) == 0 {
				continue
			}
			section.Rows = append(section.Rows, uptimeRow{
				Label:  service.Name,
				URL:    "/services/" + service.Slug + "#uptime-title",
				Figure: uptimeFigure(daily.Total(ids)),
				Bars:   compactBars(words, daily.Combined(ids)),
			})
		}
	}
	return section, nil
}
