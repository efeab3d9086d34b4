package typed

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"connectrpc.com/connect"

	statusdashv1 "statusdash/app/api/gen/statusdash/v1"
	"statusdash/app/api/gen/statusdash/v1/statusdashv1connect"
	"statusdash/app/auth"
	"statusdash/app/incident"
	"statusdash/app/model"
	"statusdash/app/store"
)

// maxReportAttributes bounds a report's attributes, as POST component_status does.
const maxReportAttributes = 10

// reportService is statusdash.v1.ReportService: POST /v1/component_status's
// rules (store.ReportComponent, incident.Decide) for an operator credential.
type reportService struct{ *API }

var _ statusdashv1connect.ReportServiceHandler = reportService{}

var reportActions = map[incident.Action]statusdashv1.ReportAction{
	incident.ActionMaintenance:    statusdashv1.ReportAction_REPORT_ACTION_MAINTENANCE,
	incident.ActionRaiseImpact:    statusdashv1.ReportAction_REPORT_ACTION_RAISED,
	incident.ActionMoveToExisting: statusdashv1.ReportAction_REPORT_ACTION_RAISED,
	incident.ActionMoveToNew:      statusdashv1.ReportAction_REPORT_ACTION_RAISED,
	incident.ActionJoin:           statusdashv1.ReportAction_REPORT_ACTION_JOINED,
	incident.ActionOpen:           statusdashv1.ReportAction_REPORT_ACTION_JOINED,
}

func (s reportService) ReportComponent(ctx context.Context, req *connect.Request[statusdashv1.ReportComponentRequest]) (*connect.Response[statusdashv1.ReportComponentResponse], error) {
	actor, err := s.authorize(ctx, req.Header(), auth.RoleOperator, true)
	if err != nil {
		return nil, err
	}
	msg := req.Msg
	r := store.Report{ComponentID: uint(msg.GetComponentId()), Name: msg.GetName(), Title: msg.GetTitle()}
	if r.ComponentID == 0 && strings.TrimSpace(r.Name) == "" {
		return nil, invalid("name", "is required when component_id is not given")
	}
	if len(msg.GetAttributes()) > maxReportAttributes {
		return nil, invalid("attributes", "may list at most %d attributes, got %d", maxReportAttributes, len(msg.GetAttributes()))
	}
	impact, ok := storedImpact(msg.GetImpact())
	if !ok || impact < model.ImpactMinor {
		return nil, invalid("impact", "must be IMPACT_MINOR, IMPACT_MAJOR or IMPACT_OUTAGE")
	}
	r.Impact = impact
	for _, attr := range msg.GetAttributes() {
		r.Attributes = append(r.Attributes, store.ComponentAttribute{Name: attr.GetName(), Value: attr.GetValue()})
	}
	result, err := s.store.ReportComponent(ctx, actor, r, s.now())
	var ambiguous *store.AmbiguousComponentError
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil, notFound("component does not exist")
	case errors.As(err, &ambiguous):
		return nil, invalid("attributes", "%d components are named %q with these attributes; add a region attribute", ambiguous.Matches, truncate(r.Name))
	case err != nil:
		return nil, err
	}
	if result.Action == incident.ActionConflict {
		return nil, connect.NewError(connect.CodeAlreadyExists, conflictMessage(result, impact))
	}
	return connect.NewResponse(&statusdashv1.ReportComponentResponse{Action: reportActions[result.Action], Event: eventMessage(result.Event)}), nil
}

// conflictMessage says which incident already holds the component, as v1's
// 409 details do.
func conflictMessage(result *store.ReportResult, requested model.Impact) error {
	who := "the monitoring"
	if !result.Event.System {
		who = "a person"
	}
	return fmt.Errorf("component_id: %s is in incident %d %q (impact %s, managed by %s), which is at least the requested impact %s",
		incident.ComponentLabel(result.Component), result.Event.ID, result.Event.Title, result.Event.Impact, who, requested)
}
