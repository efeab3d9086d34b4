package typed

import (
	"context"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	statusdashv1 "statusdash/app/api/gen/statusdash/v1"
	"statusdash/app/api/gen/statusdash/v1/statusdashv1connect"
	"statusdash/app/model"
	"statusdash/app/store"
)

// catalogService is statusdash.v1.CatalogService: public reads.
type catalogService struct{ *API }

var _ statusdashv1connect.CatalogServiceHandler = catalogService{}

// catalog is the catalog read once per data version.
func (s catalogService) catalog(ctx context.Context) (*store.CatalogTree, error) {
	return read(ctx, s.API, "catalog", func(ctx context.Context, _ time.Time) (*store.CatalogTree, error) {
		return s.store.ReadCatalog(ctx)
	})
}

func (s catalogService) ListCategories(ctx context.Context, _ *connect.Request[statusdashv1.ListCategoriesRequest]) (*connect.Response[statusdashv1.ListCategoriesResponse], error) {
	tree, err := s.catalog(ctx)
	if err != nil {
		return nil, err
	}
	out := &statusdashv1.ListCategoriesResponse{Categories: make([]*statusdashv1.Category, 0, len(tree.Categories))}
	for _, c := range tree.Categories {
		out.Categories = append(out.Categories, &statusdashv1.Category{Id: uint32(c.ID), Name: c.Name, Slug: c.Slug, Position: int32(c.Position)})
	}
	return connect.NewResponse(out), nil
}

func (s catalogService) ListRegions(ctx context.Context, _ *connect.Request[statusdashv1.ListRegionsRequest]) (*connect.Response[statusdashv1.ListRegionsResponse], error) {
	tree, err := s.catalog(ctx)
	if err != nil {
		return nil, err
	}
	out := &statusdashv1.ListRegionsResponse{Regions: make([]*statusdashv1.Region, 0, len(tree.Regions))}
	for _, r := range tree.Regions {
		out.Regions = append(out.Regions, &statusdashv1.Region{Id: uint32(r.ID), Name: r.Name, Slug: r.Slug, Position: int32(r.Position)})
	}
	return connect.NewResponse(out), nil
}

func (s catalogService) ListServices(ctx context.Context, _ *connect.Request[statusdashv1.ListServicesRequest]) (*connect.Response[statusdashv1.ListServicesResponse], error) {
	tree, err := s.catalog(ctx)
	if err != nil {
		return nil, err
	}
	out := &statusdashv1.ListServicesResponse{Services: make([]*statusdashv1.Service, 0, len(tree.Services))}
	for _, v := range tree.Services {
		out.Services = append(out.Services, &statusdashv1.Service{Id: uint32(v.ID), Name: v.Name, Slug: v.Slug,
			CategoryId: uint32(v.CategoryID), Description: v.Description, Position: int32(v.Position)})
	}
	return connect.NewResponse(out), nil
}

func (s catalogService) ListComponents(ctx context.Context, req *connect.Request[statusdashv1.ListComponentsRequest]) (*connect.Response[statusdashv1.ListComponentsResponse], error) {
	components, err := s.components(ctx)
	if err != nil {
		return nil, err
	}
	region := req.Msg.GetRegion()
	if region == "" {
		return connect.NewResponse(components.all), nil
	}
	answer, ok := components.regions[region]
	if !ok {
		return nil, invalid("region", "no region has the slug %q", truncate(region))
	}
	return connect.NewResponse(answer), nil
}

func (s catalogService) GetComponent(ctx context.Context, req *connect.Request[statusdashv1.GetComponentRequest]) (*connect.Response[statusdashv1.GetComponentResponse], error) {
	if req.Msg.GetId() == 0 {
		return nil, invalid("id", "is required")
	}
	components, err := s.components(ctx)
	if err != nil {
		return nil, err
	}
	component, ok := components.byID[req.Msg.GetId()]
	if !ok {
		return nil, notFound("component %d does not exist", req.Msg.GetId())
	}
	return connect.NewResponse(&statusdashv1.GetComponentResponse{Component: component}), nil
}

// componentStatuses is every component with its current status, in the
// overview's display order (category, service, region).
// The answers are kept, and their encodings with them (encoded.go).
type componentList struct {
	all     *statusdashv1.ListComponentsResponse
	regions map[string]*statusdashv1.ListComponentsResponse
	byID    map[uint32]*statusdashv1.Component
}

func (l *componentList) frozenMessages() []proto.Message {
	messages := []proto.Message{l.all}
	for _, answer := range l.regions {
		messages = append(messages, answer)
	}
	return messages
}

func (s catalogService) components(ctx context.Context) (*componentList, error) {
	return read(ctx, s.API, "components", func(ctx context.Context, now time.Time) (*componentList, error) {
		overview, err := s.store.ReadOverview(ctx, now)
		if err != nil {
			return nil, err
		}
		out := &componentList{all: &statusdashv1.ListComponentsResponse{}, byID: map[uint32]*statusdashv1.Component{},
			regions: map[string]*statusdashv1.ListComponentsResponse{}}
		for _, region := range overview.Catalog.Regions {
			out.regions[region.Slug] = &statusdashv1.ListComponentsResponse{Components: []*statusdashv1.Component{}}
		}
		for _, category := range overview.Categories {
			for _, service := range category.Services {
				for _, cell := range service.Cells {
					if cell == nil || cell.Component == nil {
						continue
					}
					component := componentMessage(cell.Component, cell.Health, cell.Cause)
					out.all.Components = append(out.all.Components, component)
					out.byID[component.Id] = component
					if answer, ok := out.regions[regionSlug(cell.Component)]; ok {
						answer.Components = append(answer.Components, component)
					}
				}
			}
		}
		return out, nil
	})
}

// regionSlug is the component's region's slug, "" without one.
func regionSlug(c *model.Component) string {
	if c.Region == nil {
		return ""
	}
	return c.Region.Slug
}

// truncate shortens what a caller sent before it is quoted in an error.
func truncate(raw string) string {
	const most = 64
	if len(raw) <= most {
		return raw
	}
	return raw[:most] + "..."
}
