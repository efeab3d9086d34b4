package typed

import (
	"context"
	"errors"
	"slices"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/timestamppb"

	statusdashv1 "statusdash/app/api/gen/statusdash/v1"
	"statusdash/app/api/gen/statusdash/v1/statusdashv1connect"
	"statusdash/app/auth"
	"statusdash/app/incident"
	"statusdash/app/model"
	"statusdash/app/store"
)

// eventService is statusdash.v1.EventService: public reads, operator
// writes through the store's event rules, as stackmon v2.
type eventService struct{ *API }

var _ statusdashv1connect.EventServiceHandler = eventService{}

func (s eventService) ListEvents(ctx context.Context, req *connect.Request[statusdashv1.ListEventsRequest]) (*connect.Response[statusdashv1.ListEventsResponse], error) {
	filter, err := eventFilter(req.Msg)
	if err != nil {
		return nil, err
	}
	events, total, err := s.store.APIEvents(ctx, filter, s.now())
	if err != nil {
		return nil, err
	}
	out := &statusdashv1.ListEventsResponse{Events: make([]*statusdashv1.Event, 0, len(events)),
		Page: uint32(filter.Page), Limit: uint32(filter.PerPage), TotalEvents: total,
		TotalPages: (total + int64(filter.PerPage) - 1) / int64(filter.PerPage)}
	for _, e := range events {
		out.Events = append(out.Events, eventMessage(e))
	}
	return connect.NewResponse(out), nil
}

// eventFilter checks ListEvents' filters as GET /v2/events checks its query.
func eventFilter(msg *statusdashv1.ListEventsRequest) (store.APIEventFilter, error) {
	filter := store.APIEventFilter{Page: 1, PerPage: store.DefaultEventPageSize, Active: msg.GetActive(), System: msg.System}
	for _, t := range msg.GetTypes() {
		stored, ok := storedType(t)
		if !ok {
			return filter, invalid("types", "must list EVENT_TYPE_INCIDENT, EVENT_TYPE_MAINTENANCE or EVENT_TYPE_INFO, got %v", t)
		}
		if !slices.Contains(filter.Types, stored) {
			filter.Types = append(filter.Types, stored)
		}
	}
	if status := msg.GetStatus(); status != "" {
		if !model.KnownStatus(status) {
			return filter, invalid("status", "unknown status %q", truncate(status))
		}
		filter.Status = status
	}
	if msg.GetImpact() != statusdashv1.Impact_IMPACT_UNSPECIFIED {
		impact, ok := storedImpact(msg.GetImpact())
		if !ok {
			return filter, invalid("impact", "unknown impact %v", msg.GetImpact())
		}
		filter.Impact = &impact
	}
	if len(msg.GetComponentIds()) > incident.MaxComponents {
		return filter, invalid("component_ids", "%s, got %d", incident.TooManyComponents, len(msg.GetComponentIds()))
	}
	for _, id := range msg.GetComponentIds() {
		if id == 0 {
			return filter, invalid("component_ids", "must list component ids, got 0")
		}
		filter.ComponentIDs = append(filter.ComponentIDs, uint(id))
	}
	var err error
	if filter.From, err = timeOf("start_time", msg.GetStartTime()); err != nil {
		return filter, err
	}
	if filter.Until, err = timeOf("end_time", msg.GetEndTime()); err != nil {
		return filter, err
	}
	if page := msg.GetPage(); page != 0 {
		if page > store.MaxEventPage {
			return filter, invalid("page", "must be from 1 to %d, got %d", store.MaxEventPage, page)
		}
		filter.Page = int(page)
	}
	if limit := msg.GetLimit(); limit != 0 {
		if !slices.Contains(store.EventPageSizes, int(limit)) {
			return filter, invalid("limit", "must be 10, 20 or 50, got %d", limit)
		}
		filter.PerPage = int(limit)
	}
	return filter, nil
}

func (s eventService) GetEvent(ctx context.Context, req *connect.Request[statusdashv1.GetEventRequest]) (*connect.Response[statusdashv1.GetEventResponse], error) {
	e, err := s.event(ctx, "id", req.Msg.GetId())
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&statusdashv1.GetEventResponse{Event: eventMessage(e)}), nil
}

// event reads the event named by the request's field.
func (a *API) event(ctx context.Context, field string, id uint32) (*model.Event, error) {
	if id == 0 {
		return nil, invalid(field, "is required")
	}
	e, err := a.store.ReadEvent(ctx, uint(id))
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound("event %d does not exist", id)
	}
	return e, err
}

func (s eventService) CreateEvent(ctx context.Context, req *connect.Request[statusdashv1.CreateEventRequest]) (*connect.Response[statusdashv1.CreateEventResponse], error) {
	actor, err := s.writer(ctx, req.Header(), req.Msg.Notify)
	if err != nil {
		return nil, err
	}
	msg := req.Msg
	in := store.NewEvent{Type: model.TypeIncident, Title: msg.GetTitle(), Description: msg.GetDescription(), ComponentIDs: ids(msg.GetComponentIds())}
	if msg.GetType() != statusdashv1.EventType_EVENT_TYPE_UNSPECIFIED {
		var ok bool
		if in.Type, ok = storedType(msg.GetType()); !ok {
			return nil, invalid("type", "unknown event type %v", msg.GetType())
		}
	}
	if len(in.ComponentIDs) > incident.MaxComponents {
		return nil, invalid("component_ids", "%s, got %d", incident.TooManyComponents, len(in.ComponentIDs))
	}
	impact, ok := storedImpact(msg.GetImpact())
	if !ok {
		return nil, invalid("impact", "is required: IMPACT_MAINTENANCE, IMPACT_MINOR, IMPACT_MAJOR or IMPACT_OUTAGE")
	}
	in.Impact = impact
	start, err := timeOf("start_time", msg.GetStartTime())
	if err != nil {
		return nil, err
	}
	if start == nil {
		return nil, invalid("start_time", "is required")
	}
	in.StartAt = *start
	if in.EndAt, err = timeOf("end_time", msg.GetEndTime()); err != nil {
		return nil, err
	}
	out := &statusdashv1.CreateEventResponse{Results: []*statusdashv1.ComponentResult{}}
	if msg.GetSystem() {
		if in.Type != model.TypeIncident {
			return nil, invalid("system", "only an incident can be a system event")
		}
		outcomes, err := s.store.CreateSystemEvent(ctx, actor, in, s.now())
		if err != nil {
			return nil, err
		}
		for _, o := range outcomes {
			out.Results = append(out.Results, &statusdashv1.ComponentResult{ComponentId: uint32(o.ComponentID), EventId: uint32(o.IncidentID), Error: o.Error})
		}
		return connect.NewResponse(out), nil
	}
	created, err := s.store.CreateEvent(ctx, actor, in, s.now())
	if err != nil {
		return nil, err
	}
	for _, c := range created.Components {
		out.Results = append(out.Results, &statusdashv1.ComponentResult{ComponentId: uint32(c.ID), EventId: uint32(created.ID)})
	}
	return connect.NewResponse(out), nil
}

func (s eventService) PostEventUpdate(ctx context.Context, req *connect.Request[statusdashv1.PostEventUpdateRequest]) (*connect.Response[statusdashv1.PostEventUpdateResponse], error) {
	msg := req.Msg
	actor, err := s.writer(ctx, req.Header(), msg.Notify)
	if err != nil {
		return nil, err
	}
	in := store.NewUpdate{Status: msg.GetStatus(), Message: msg.GetMessage(), Title: msg.Title, Description: msg.Description}
	at, err := timeOf("update_time", msg.GetUpdateTime())
	if err != nil {
		return nil, err
	}
	if at == nil {
		return nil, invalid("update_time", "is required")
	}
	in.At = *at
	if in.StartAt, err = timeOf("start_time", msg.GetStartTime()); err != nil {
		return nil, err
	}
	if in.EndAt, err = timeOf("end_time", msg.GetEndTime()); err != nil {
		return nil, err
	}
	if msg.GetImpact() != statusdashv1.Impact_IMPACT_UNSPECIFIED {
		impact, ok := storedImpact(msg.GetImpact())
		if !ok {
			return nil, invalid("impact", "unknown impact %v", msg.GetImpact())
		}
		in.Impact = &impact
	}
	updated, err := s.update(ctx, actor, msg.GetEventId(), in)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&statusdashv1.PostEventUpdateResponse{Event: eventMessage(updated)}), nil
}

func (s eventService) ChangeEventImpact(ctx context.Context, req *connect.Request[statusdashv1.ChangeEventImpactRequest]) (*connect.Response[statusdashv1.ChangeEventImpactResponse], error) {
	msg := req.Msg
	actor, err := s.writer(ctx, req.Header(), msg.Notify)
	if err != nil {
		return nil, err
	}
	impact, ok := storedImpact(msg.GetImpact())
	if !ok {
		return nil, invalid("impact", "is required: IMPACT_MINOR, IMPACT_MAJOR or IMPACT_OUTAGE")
	}
	in := store.NewUpdate{Status: model.StatusImpactChanged, Message: msg.GetMessage(), Impact: &impact}
	if in.At, err = s.updateTime(msg.GetUpdateTime()); err != nil {
		return nil, err
	}
	updated, err := s.update(ctx, actor, msg.GetEventId(), in)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&statusdashv1.ChangeEventImpactResponse{Event: eventMessage(updated)}), nil
}

func (s eventService) ResolveEvent(ctx context.Context, req *connect.Request[statusdashv1.ResolveEventRequest]) (*connect.Response[statusdashv1.ResolveEventResponse], error) {
	msg := req.Msg
	actor, err := s.writer(ctx, req.Header(), msg.Notify)
	if err != nil {
		return nil, err
	}
	in := store.NewUpdate{Status: model.StatusResolved, Message: msg.GetMessage()}
	if in.At, err = s.updateTime(msg.GetUpdateTime()); err != nil {
		return nil, err
	}
	updated, err := s.update(ctx, actor, msg.GetEventId(), in)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&statusdashv1.ResolveEventResponse{Event: eventMessage(updated)}), nil
}

func (s eventService) ExtractComponents(ctx context.Context, req *connect.Request[statusdashv1.ExtractComponentsRequest]) (*connect.Response[statusdashv1.ExtractComponentsResponse], error) {
	actor, err := s.authorize(ctx, req.Header(), auth.RoleOperator, true)
	if err != nil {
		return nil, err
	}
	if len(req.Msg.GetComponentIds()) > incident.MaxComponents {
		return nil, invalid("component_ids", "%s", incident.TooManyComponents)
	}
	e, err := s.event(ctx, "event_id", req.Msg.GetEventId())
	if err != nil {
		return nil, err
	}
	extracted, err := s.store.ExtractComponents(ctx, actor, e.ID, ids(req.Msg.GetComponentIds()), s.now())
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&statusdashv1.ExtractComponentsResponse{Event: eventMessage(extracted)}), nil
}

// update posts in on the event through the store's rules (store.AddUpdate).
func (a *API) update(ctx context.Context, actor store.Actor, id uint32, in store.NewUpdate) (*model.Event, error) {
	e, err := a.event(ctx, "event_id", id)
	if err != nil {
		return nil, err
	}
	return a.store.AddUpdate(ctx, actor, e.ID, in, a.now())
}

// updateTime is the given update time, or now when unset.
func (a *API) updateTime(ts *timestamppb.Timestamp) (time.Time, error) {
	at, err := timeOf("update_time", ts)
	if err != nil || at == nil {
		return a.now(), err
	}
	return *at, nil
}
