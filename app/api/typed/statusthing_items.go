package typed

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"connectrpc.com/connect"

	statusthingv1 "statusdash/app/api/gen/statusthing/v1"
	"statusdash/app/api/gen/statusthing/v1/statusthingv1connect"
	"statusdash/app/auth"
	"statusdash/app/incident"
	"statusdash/app/model"
	"statusdash/app/store"
)

// itemsService is statusthing.v1.ItemsService: an item is a component.
type itemsService struct{ *API }

var _ statusthingv1connect.ItemsServiceHandler = itemsService{}

// things is every component as a StatusThing item, built from the
// component list with status (catalogService.components).
func (s itemsService) items(ctx context.Context) ([]*statusthingv1.Item, map[string]*statusthingv1.Item, error) {
	list, err := read(ctx, s.API, "items", func(ctx context.Context, now time.Time) ([]*statusthingv1.Item, error) {
		overview, err := s.store.ReadOverview(ctx, now)
		if err != nil {
			return nil, err
		}
		var items []*statusthingv1.Item
		for _, category := range overview.Categories {
			for _, service := range category.Services {
				for _, cell := range service.Cells {
					if cell == nil || cell.Component == nil {
						continue
					}
					name := service.Service.Name
					if cell.Component.Region != nil {
						name += " (" + cell.Component.Region.Name + ")"
					}
					items = append(items, &statusthingv1.Item{Id: strconv.FormatUint(uint64(cell.Component.ID), 10),
						Name: name, Description: service.Service.Description, Status: thingStatus(cell.Health)})
				}
			}
		}
		return items, nil
	})
	if err != nil {
		return nil, nil, err
	}
	byID := make(map[string]*statusthingv1.Item, len(list))
	for _, item := range list {
		byID[item.Id] = item
	}
	return list, byID, nil
}

// item finds the item named by item_id.
func (s itemsService) item(ctx context.Context, id string) (*statusthingv1.Item, error) {
	if id == "" {
		return nil, invalid("item_id", "is required")
	}
	_, byID, err := s.items(ctx)
	if err != nil {
		return nil, err
	}
	item, ok := byID[id]
	if !ok {
		return nil, notFound("item %q does not exist: item ids are component ids", truncate(id))
	}
	return item, nil
}

// withNotes is a copy of item with its notes: the updates of the events
// touching it (notesOf).
func (s itemsService) withNotes(ctx context.Context, item *statusthingv1.Item) (*statusthingv1.Item, error) {
	id, _ := strconv.ParseUint(item.Id, 10, 32)
	notes, err := s.notesOf(ctx, uint(id))
	if err != nil {
		return nil, err
	}
	return &statusthingv1.Item{Id: item.Id, Name: item.Name, Description: item.Description, Status: item.Status, Notes: notes}, nil
}

func (s itemsService) GetItem(ctx context.Context, req *connect.Request[statusthingv1.GetItemRequest]) (*connect.Response[statusthingv1.GetItemResponse], error) {
	item, err := s.item(ctx, req.Msg.GetItemId())
	if err != nil {
		return nil, err
	}
	if item, err = s.withNotes(ctx, item); err != nil {
		return nil, err
	}
	return connect.NewResponse(&statusthingv1.GetItemResponse{Item: item}), nil
}

func (s itemsService) ListItems(ctx context.Context, req *connect.Request[statusthingv1.ListItemsRequest]) (*connect.Response[statusthingv1.ListItemsResponse], error) {
	for _, id := range req.Msg.GetStatusIds() {
		if _, ok := healthOf(id); !ok {
			return nil, invalid("status_ids", "unknown status %q: the statuses are operational, minor, major, outage and maintenance", truncate(id))
		}
	}
	list, _, err := s.items(ctx)
	if err != nil {
		return nil, err
	}
	out := &statusthingv1.ListItemsResponse{Items: []*statusthingv1.Item{}}
	for _, item := range list {
		if ids := req.Msg.GetStatusIds(); len(ids) > 0 && !slices.Contains(ids, item.Status.Id) {
			continue
		}
		if kinds := req.Msg.GetKinds(); len(kinds) > 0 && !slices.Contains(kinds, item.Status.Kind) {
			continue
		}
		if req.Msg.GetExtended() {
			if item, err = s.withNotes(ctx, item); err != nil {
				return nil, err
			}
		}
		out.Items = append(out.Items, item)
	}
	return connect.NewResponse(out), nil
}

func (s itemsService) AddItem(context.Context, *connect.Request[statusthingv1.AddItemRequest]) (*connect.Response[statusthingv1.AddItemResponse], error) {
	return nil, preconditionFailed("items are statusdash components, one service in one region: add them to the catalog (statusdash bootstrap provision, or POST /v2/components with an admin credential)")
}

func (s itemsService) DeleteItem(context.Context, *connect.Request[statusthingv1.DeleteItemRequest]) (*connect.Response[statusthingv1.DeleteItemResponse], error) {
	return nil, preconditionFailed("items are statusdash components and keep their history: remove them from the catalog (statusdash bootstrap purge), not through this API")
}

// UpdateItem sets an item's status: minor, major and outage report the
// component at that impact through the component-report rules (as POST
// /v1/component_status; a report refused there is already_exists here);
// operational ends monitoring's part in the system incidents holding it.
func (s itemsService) UpdateItem(ctx context.Context, req *connect.Request[statusthingv1.UpdateItemRequest]) (*connect.Response[statusthingv1.UpdateItemResponse], error) {
	msg := req.Msg
	actor, err := s.authorize(ctx, req.Header(), auth.RoleOperator, true)
	if err != nil {
		return nil, err
	}
	item, err := s.item(ctx, msg.GetItemId())
	if err != nil {
		return nil, err
	}
	// A client may send the name and description back as they are.
	if (msg.GetName() != "" && msg.GetName() != item.GetName()) || (msg.GetDescription() != "" && msg.GetDescription() != item.GetDescription()) {
		return nil, preconditionFailed("an item's name and description are its service's and region's: change them in the catalog")
	}
	if msg.GetStatusId() == "" {
		return nil, invalid("status_id", "is required: the item's new status")
	}
	health, ok := healthOf(msg.GetStatusId())
	if !ok {
		return nil, invalid("status_id", "unknown status %q: the statuses are operational, minor, major, outage and maintenance", truncate(msg.GetStatusId()))
	}
	id, _ := strconv.ParseUint(item.Id, 10, 32)
	switch health {
	case model.HealthMaintenance:
		return nil, preconditionFailed("maintenance is a window: schedule it with statusdash.v1.EventService/CreateEvent (EVENT_TYPE_MAINTENANCE)")
	case model.HealthOperational:
		return s.recover(ctx, actor, uint(id))
	}
	impact := map[model.Health]model.Impact{model.HealthMinor: model.ImpactMinor, model.HealthMajor: model.ImpactMajor, model.HealthOutage: model.ImpactOutage}[health]
	result, err := s.store.ReportComponent(ctx, actor, store.Report{ComponentID: uint(id), Impact: impact}, s.now())
	if err != nil {
		return nil, err
	}
	if result.Action == incident.ActionConflict {
		return nil, connect.NewError(connect.CodeAlreadyExists, conflictMessage(result, impact))
	}
	return connect.NewResponse(&statusthingv1.UpdateItemResponse{}), nil
}

// recover takes the component out of the open system incidents holding it
// (resolving those left empty), as monitoring does when a check recovers; a
// person's incident or a maintenance is left to people: failed_precondition.
func (s itemsService) recover(ctx context.Context, actor store.Actor, componentID uint) (*connect.Response[statusthingv1.UpdateItemResponse], error) {
	now := s.now()
	events, err := s.store.OpenEventsForComponent(ctx, componentID, now)
	if err != nil {
		return nil, err
	}
	for _, e := range events {
		if e.Type == model.TypeMaintenance || (e.Type == model.TypeIncident && !e.System) {
			return nil, preconditionFailed(fmt.Sprintf("the item is in %s %d %q, which a person manages: post an update there (statusdash.v1.EventService)", e.Type, e.ID, truncate(e.Title)))
		}
	}
	texts := store.RecoveryTexts{Resolved: "Reported operational through the StatusThing API.", Detached: "reported operational through the StatusThing API"}
	for _, e := range events {
		if e.Type != model.TypeIncident {
			continue
		}
		if _, err := s.store.RecoverComponent(ctx, actor, e.ID, componentID, texts, now); err != nil {
			return nil, err
		}
	}
	return connect.NewResponse(&statusthingv1.UpdateItemResponse{}), nil
}
