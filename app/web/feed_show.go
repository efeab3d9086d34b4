package web

import (
	"errors"
	"fmt"
	"strings"

	"github.com/labstack/echo/v4"

	"statusdash/app/feed"
	"statusdash/app/model"
	"statusdash/app/pagecache"
	"statusdash/app/store"
)

// feedParams are the query parameters every feed understands: the stackmon
// names (mt for the region, srv for the service) and the long ones.
var feedParams = []string{"mt", "srv", "region", "category", "service"}

type feedFormat struct {
	contentType string
	types       []model.EventType
	build       func(b *feed.Builder, ch feed.Channel, events []*model.Event, links feed.Links) ([]byte, error)
	path        string
	title       string
}

var (
	rssFormat  = feedFormat{contentType: "application/rss+xml; charset=utf-8", build: (*feed.Builder).RSS, path: "/rss/", title: "events"}
	atomFormat = feedFormat{contentType: "application/atom+xml; charset=utf-8", build: (*feed.Builder).Atom, path: "/atom", title: "events"}
	icalFormat = feedFormat{contentType: "text/calendar; charset=utf-8", types: []model.EventType{model.TypeMaintenance}, build: (*feed.Builder).ICal, path: "/ical", title: "maintenance"}
)

func (s *Server) showRSS(c echo.Context) error  { return s.showFeed(c, rssFormat) }
func (s *Server) showAtom(c echo.Context) error { return s.showFeed(c, atomFormat) }
func (s *Server) showICal(c echo.Context) error { return s.showFeed(c, icalFormat) }

// showFeed serves a feed, page-wide or narrowed to a region, category or
// service (by slug or name); an unknown one is a 404 naming it.
func (s *Server) showFeed(c echo.Context, format feedFormat) error {
	return s.cachedResponse(c, func(req *pageRequest) (*pagecache.Page, error) {
		ctx := c.Request().Context()
		tree, err := s.store.ReadCatalog(ctx)
		if err != nil {
			return nil, err
		}
		filter := store.FeedFilter{Types: format.types}
		var scope []string
		if name := firstOf(req, "region", "mt"); name != "" {
			region := findRegion(tree, name)
			if region == nil {
				return nil, notFound("There is no region %q.", name)
			}
			filter.RegionID = region.ID
			scope = append(scope, region.Name)
		}
		if name := req.query.Get("category"); name != "" {
			category, err := tree.CategoryBySlug(name)
			if errors.Is(err, store.ErrNotFound) {
				return nil, notFound("There is no category %q.", name)
			}
			filter.CategoryID = category.ID
			scope = append(scope, category.Name)
		}
		if name := firstOf(req, "service", "srv"); name != "" {
			service := findService(tree, name)
			if service == nil {
				return nil, notFound("There is no service %q.", name)
			}
			filter.ServiceID = service.ID
			scope = append(scope, service.Name)
			// As the stackmon feed: a service and region that form no component is a 404.
			if filter.RegionID != 0 && !offeredIn(tree, service.ID, filter.RegionID) {
				return nil, notFound("%s is not offered in %s.", service.Name, tree.Region(filter.RegionID).Name)
			}
		}
		events, err := s.store.ReadFeed(ctx, filter)
		if err != nil {
			return nil, err
		}
		title := s.basePage(req, "", "").SiteTitle + ": " + format.title
		if len(scope) > 0 {
			title += " (" + strings.Join(scope, ", ") + ")"
		}
		base := s.config.BaseURL
		channel := feed.Channel{
			Title:       title,
			Link:        base + "/",
			Description: "Incidents, maintenance and notices of " + s.basePage(req, "", "").SiteTitle,
			Updated:     s.now(),
			Self:        base + withQuery(format.path, req.query),
		}
		links := func(id uint) string { return fmt.Sprintf("%s/incidents/%d", base, id) }
		body, err := format.build(s.feeds, channel, events, links)
		if err != nil {
			return nil, err
		}
		return &pagecache.Page{Body: body, ContentType: format.contentType, BuiltAt: s.now().UTC()}, nil
	}, feedParams...)
}

func firstOf(req *pageRequest, names ...string) string {
	for _, name := range names {
		if value := req.query.Get(name); value != "" {
			return value
		}
	}
	return ""
}

// findRegion matches a slug or, as stackmon feeds use, a name, ignoring case.
func findRegion(tree *store.CatalogTree, name string) *model.Region {
	for _, region := range tree.Regions {
		if strings.EqualFold(region.Slug, name) || strings.EqualFold(region.Name, name) {
			return region
		}
	}
	return nil
}

func findService(tree *store.CatalogTree, name string) *model.Service {
	for _, service := range tree.Services {
		if strings.EqualFold(service.Slug, name) || strings.EqualFold(service.Name, name) {
			return service
		}
	}
	return nil
}

func offeredIn(tree *store.CatalogTree, serviceID, regionID uint) bool {
	for _, component := range tree.ComponentsOf(serviceID) {
		if component.RegionID == regionID {
			return true
		}
	}
	return false
}
