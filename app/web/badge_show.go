package web

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"statusdash/app/availability"
	"statusdash/app/badge"
	"statusdash/app/model"
	"statusdash/app/pagecache"
	"statusdash/app/store"
)

const svgContentType = "image/svg+xml"

// healthColours are the badges' message colours, each readable under
// white text (WCAG AA, checked by the tests).
var healthColours = map[model.Health]string{
	model.HealthOperational: "#1a7f37",
	model.HealthMaintenance: "#0969da",
	model.HealthMinor:       "#9a6700",
	model.HealthMajor:       "#bc4c00",
	model.HealthOutage:      "#cf222e",
}

// noDataColour is the message colour of a badge without a figure.
const noDataColour = "#59636e"

// maxBadgeLabel bounds ?label=, in characters.
const maxBadgeLabel = 40

// crossOrigin lets any site load the response (an <img>, a frame) even
// when it requires Cross-Origin-Resource-Policy (COEP require-corp).
var crossOrigin = []string{"cross-origin"}

// showBadge serves /badge/<service>.svg and /badge/<service>/<region>.svg:
// the service's status (worst of its regions) or its component's, or with
// ?show=uptime their availability over store.UptimeDays. Cached like the
// pages; an unknown service or region is a 404 badge saying so.
func (s *Server) showBadge(c echo.Context) error {
	c.Response().Header()["Cross-Origin-Resource-Policy"] = crossOrigin
	serviceSlug, regionSlug, err := parseBadgePath(c.Param("*"))
	if err != nil {
		return s.writeBadgeError(c, http.StatusNotFound, "not found", err.Error())
	}
	show := c.QueryParam("show")
	if show != "" && show != "status" && show != "uptime" {
		return s.writeBadgeError(c, http.StatusBadRequest, "bad request", "Parameter show: must be status or uptime, got "+strconv.Quote(show))
	}
	if label := c.QueryParam("label"); utf8.RuneCountInString(label) > maxBadgeLabel || !utf8.ValidString(label) {
		return s.writeBadgeError(c, http.StatusBadRequest, "bad request", "Parameter label: must be at most 40 characters")
	}
	err = s.cachedResponse(c, func(req *pageRequest) (*pagecache.Page, error) {
		b, err := s.buildBadge(c, serviceSlug, regionSlug, req.query.Get("show") == "uptime")
		if err != nil {
			return nil, err
		}
		if label := req.query.Get("label"); label != "" {
			b.Label = label
			b.Title = ""
		}
		return &pagecache.Page{Body: s.badges.SVG(b), ContentType: svgContentType, BuiltAt: s.now().UTC()}, nil
	}, "show", "label")
	var httpErr *HTTPError
	switch {
	case errors.As(err, &httpErr) && httpErr.Status == http.StatusNotFound:
		return s.writeBadgeError(c, http.StatusNotFound, "not found", httpErr.Message)
	case unavailable(err):
		// No last good copy while the database cannot be read: say so in the image.
		c.Response().Header().Set("Retry-After", strconv.Itoa(store.RetryAfterSeconds))
		return s.writeBadgeError(c, http.StatusServiceUnavailable, "unavailable", badgeUnavailable)
	}
	return err
}

// badgeUnavailable is the title of the badge answered while the database
// cannot be read. Badges speak English, as shields.io's do: an <img> on
// another site sends no reader's language choice.
const badgeUnavailable = "The status data is unavailable right now. Please try again in a moment."

// buildBadge reads what the badge says.
func (s *Server) buildBadge(c echo.Context, serviceSlug, regionSlug string, uptime bool) (badge.Badge, error) {
	ctx := c.Request().Context()
	now := s.now()
	overview, err := s.store.ReadOverview(ctx, now)
	if err != nil {
		return badge.Badge{}, err
	}
	service, err := overview.Catalog.ServiceBySlug(serviceSlug)
	if errors.Is(err, store.ErrNotFound) {
		return badge.Badge{}, notFound("There is no service %q.", serviceSlug)
	}
	var region *model.Region
	if regionSlug != "" {
		region, err = overview.Catalog.RegionBySlug(regionSlug)
		if errors.Is(err, store.ErrNotFound) {
			return badge.Badge{}, notFound("There is no region %q.", regionSlug)
		}
	}
	health := model.HealthOperational
	found := false
	for _, category := range overview.Categories {
		for _, row := range category.Services {
			if row.Service.ID != service.ID {
				continue
			}
			for i, cell := range row.Cells {
				if cell == nil || (region != nil && overview.Catalog.Regions[i].ID != region.ID) {
					continue
				}
				found = true
				health = max(health, cell.Health)
			}
		}
	}
	if !found {
		if region != nil {
			return badge.Badge{}, notFound("%s is not offered in %s.", service.Name, region.Name)
		}
		return badge.Badge{}, notFound("%s runs in no region.", service.Name)
	}
	label := service.Name
	if region != nil {
		label += " " + region.Name
	}
	if !uptime {
		return badge.Badge{Label: label, Message: health.Label(), Colour: healthColours[health]}, nil
	}
	scope := store.AvailabilityScope{ServiceID: service.ID}
	if region != nil {
		scope.RegionID = region.ID
	}
	figure, err := s.store.ReadUptime(ctx, now, store.UptimeDays, scope)
	if err != nil {
		return badge.Badge{}, err
	}
	message, colour := uptimeMessage(figure)
	return badge.Badge{Label: label + " uptime", Message: message, Colour: colour,
		Title: label + ": " + message + " uptime over the last " + strconv.Itoa(store.UptimeDays) + " days"}, nil
}

// uptimeMessage words and colours an uptime figure: two decimals, never
// rounded up to 100 % when there was downtime.
func uptimeMessage(figure availability.Figure) (message, colour string) {
	if figure.NoData {
		return "no data", noDataColour
	}
	percent := figure.Percent()
	shown := math.Floor(percent*100) / 100
	text := strconv.FormatFloat(shown, 'f', 2, 64)
	text = strings.TrimSuffix(strings.TrimSuffix(text, "0"), ".0")
	text = strings.TrimSuffix(text, ".")
	switch {
	case percent >= 99.9:
		colour = healthColours[model.HealthOperational]
	case percent >= 99:
		colour = healthColours[model.HealthMinor]
	case percent >= 95:
		colour = healthColours[model.HealthMajor]
	default:
		colour = healthColours[model.HealthOutage]
	}
	return text + "%", colour
}

// writeBadgeError answers a badge request that names no badge with a grey
// SVG badge, so a broken embed shows why, and the status.
func (s *Server) writeBadgeError(c echo.Context, status int, message, reason string) error {
	header := c.Response().Header()
	header["Cache-Control"] = revalidate
	return c.Blob(status, svgContentType, s.badges.SVG(badge.Badge{Label: "status", Message: message, Colour: noDataColour,
		Title: "status badge: " + reason}))
}
