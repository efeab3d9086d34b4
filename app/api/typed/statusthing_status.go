package typed

import (
	"context"
	"slices"

	"connectrpc.com/connect"

	statusthingv1 "statusdash/app/api/gen/statusthing/v1"
	"statusdash/app/api/gen/statusthing/v1/statusthingv1connect"
	"statusdash/app/model"
)

// StatusThing's statuses are statusdash's fixed status vocabulary: the
// derived component health, each with the StatusThing kind that means it.
// A status's id is the health's key.
var thingStatuses = []struct {
	health model.Health
	kind   statusthingv1.StatusKind
	color  string
}{
	{model.HealthOperational, statusthingv1.StatusKind_STATUS_KIND_UP, "green"},
	{model.HealthMinor, statusthingv1.StatusKind_STATUS_KIND_WARNING, "yellow"},
	{model.HealthMajor, statusthingv1.StatusKind_STATUS_KIND_WARNING, "orange"},
	{model.HealthOutage, statusthingv1.StatusKind_STATUS_KIND_DOWN, "red"},
	{model.HealthMaintenance, statusthingv1.StatusKind_STATUS_KIND_UNAVAILABLE, "blue"},
}

// fixedStatuses is the answer to every status write.
const fixedStatuses = "statusdash's statuses are a fixed vocabulary derived from events (operational, minor, major, outage, maintenance); they cannot be added, changed or deleted"

// thingStatus is the StatusThing status of a health.
func thingStatus(h model.Health) *statusthingv1.Status {
	for _, s := range thingStatuses {
		if s.health == h {
			return &statusthingv1.Status{Id: h.Key(), Name: h.Label(), Description: h.Label(), Color: s.color, Kind: s.kind}
		}
	}
	return &statusthingv1.Status{Id: h.Key(), Name: h.Label()}
}

// healthOf is the health whose status id is id.
func healthOf(id string) (model.Health, bool) {
	for _, s := range thingStatuses {
		if s.health.Key() == id {
			return s.health, true
		}
	}
	return 0, false
}

// statusService is statusthing.v1.StatusService over the fixed vocabulary.
type statusService struct{ *API }

var _ statusthingv1connect.StatusServiceHandler = statusService{}

func (s statusService) GetStatus(_ context.Context, req *connect.Request[statusthingv1.GetStatusRequest]) (*connect.Response[statusthingv1.GetStatusResponse], error) {
	if req.Msg.GetStatusId() == "" {
		return nil, invalid("status_id", "is required")
	}
	health, ok := healthOf(req.Msg.GetStatusId())
	if !ok {
		return nil, notFound("status %q does not exist: the statuses are operational, minor, major, outage and maintenance", truncate(req.Msg.GetStatusId()))
	}
	return connect.NewResponse(&statusthingv1.GetStatusResponse{Status: thingStatus(health)}), nil
}

func (s statusService) ListStatus(_ context.Context, req *connect.Request[statusthingv1.ListStatusRequest]) (*connect.Response[statusthingv1.ListStatusResponse], error) {
	out := &statusthingv1.ListStatusResponse{Statuses: []*statusthingv1.Status{}}
	for _, status := range thingStatuses {
		if kinds := req.Msg.GetKinds(); len(kinds) == 0 || slices.Contains(kinds, status.kind) {
			out.Statuses = append(out.Statuses, thingStatus(status.health))
		}
	}
	return connect.NewResponse(out), nil
}

func (s statusService) AddStatus(context.Context, *connect.Request[statusthingv1.AddStatusRequest]) (*connect.Response[statusthingv1.AddStatusResponse], error) {
	return nil, preconditionFailed(fixedStatuses)
}

func (s statusService) UpdateStatus(context.Context, *connect.Request[statusthingv1.UpdateStatusRequest]) (*connect.Response[statusthingv1.UpdateStatusResponse], error) {
	return nil, preconditionFailed(fixedStatuses)
}

func (s statusService) DeleteStatus(context.Context, *connect.Request[statusthingv1.DeleteStatusRequest]) (*connect.Response[statusthingv1.DeleteStatusResponse], error) {
	return nil, preconditionFailed(fixedStatuses)
}
