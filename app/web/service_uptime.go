package web

import (
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/locale"
	"statusdash/app/store"
)

// componentCharts are one component's response-time charts.
type componentCharts struct {
	Region        string
	Hourly, Daily responseChart
}

// componentUptime draws a row of bars per component of the service, with
// the uptime its checks measured beside the incident-based figure, and the
// response-time charts of the components with checks.
func (s *Server) componentUptime(c echo.Context, detail *store.ServiceDetail, now time.Time, lang *locale.Language) (uptimeSection, []componentCharts, error) {
	words, say := newBarWords(lang), lang.MustT
	ctx := c.Request().Context()
	section := uptimeSection{Days: store.UptimeDays}
	daily, err := s.store.ReadDailyAvailability(ctx, now, store.UptimeDays, store.AvailabilityScope{ServiceID: detail.Service.ID})
	if err != nil {
		return section, nil, err
	}
	if err := s.store.ReadIncidentCounts(ctx, daily); err != nil {
		return section, nil, err
	}
	today := now.UTC().Truncate(24 * time.Hour)
	firstDay := today.AddDate(0, 0, 1-store.UptimeDays)
	hour := now.UTC().Truncate(time.Hour)
	firstHour := hour.Add(-(hourlyPoints - 1) * time.Hour)
	var charts []componentCharts
	for _, status := range detail.Components {
		component := status.Component
		region := component.Region.Name
		ids := []uint{component.ID}
		row := uptimeRow{
			Label:  region,
			Figure: uptimeFigure(lang, daily.Total(ids)),
			Bars: uptimeBars(words, daily.Combined(ids), say("bars.label", "Service", detail.Service.Name, "Region", region, "Days", store.UptimeDays),
				barLinks{service: detail.Service.Slug, region: component.Region.Slug}),
		}
		days, err := s.store.ComponentCheckRollups(ctx, component.ID, store.Daily, firstDay, today.AddDate(0, 0, 1))
		if err != nil {
			return section, nil, err
		}
		if len(days) > 0 {
			row.Measured = measuredUptime(lang, days)
			hours, err := s.store.ComponentCheckRollups(ctx, component.ID, store.Hourly, firstHour, hour.Add(time.Hour))
			if err != nil {
				return section, nil, err
			}
			id := "rt-" + component.Region.Slug
			charts = append(charts, componentCharts{
				Region: region,
				Hourly: newResponseChart(lang, id+"-24h", say("chart.caption_hourly", "Region", region, "Hours", hourlyPoints), hours, hour, hourlyPoints, time.Hour, true),
				Daily:  newResponseChart(lang, id+"-90d", say("chart.caption_daily", "Region", region, "Days", dailyPoints), days, today, dailyPoints, 24*time.Hour, false),
			})
		}
		section.Rows = append(section.Rows, row)
	}
	return section, charts, nil
}
