package typed

import (
	"context"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	statusdashv1 "statusdash/app/api/gen/statusdash/v1"
	"statusdash/app/auth"
	"statusdash/app/store"
)

// ListCheckResults answers a check's results newest first, for an
// operator credential, as GET /api/v3/checks/{id}/results.
func (s checkService) ListCheckResults(ctx context.Context, req *connect.Request[statusdashv1.ListCheckResultsRequest]) (*connect.Response[statusdashv1.ListCheckResultsResponse], error) {
	if _, err := s.authorize(ctx, req.Header(), auth.RoleOperator, false); err != nil {
		return nil, err
	}
	msg := req.Msg
	if msg.GetCheckId() == 0 {
		return nil, invalid("check_id", "is required")
	}
	limit := int(msg.GetLimit())
	if limit < 0 || limit > store.MaxCheckResultsPage {
		return nil, invalid("limit", "must be from 1 to %d, got %d", store.MaxCheckResultsPage, limit)
	}
	before, err := timeOf("before", msg.GetBefore())
	if err != nil {
		return nil, err
	}
	cursor := store.CheckResultCursor{ID: uint(msg.GetBeforeId())}
	if before != nil {
		cursor.StartedAt = *before
	}
	if err := cursor.Validate(); err != nil {
		return nil, err
	}
	results, err := s.store.CheckResultsPage(ctx, uint(msg.GetCheckId()), cursor, limit)
	if err != nil {
		return nil, checkError(msg.GetCheckId(), err)
	}
	out := &statusdashv1.ListCheckResultsResponse{Results: make([]*statusdashv1.CheckResult, 0, len(results))}
	for _, r := range results {
		out.Results = append(out.Results, &statusdashv1.CheckResult{Id: uint32(r.ID), CheckId: uint32(r.CheckID), Location: r.Location,
			StartTime: timestamppb.New(r.StartedAt), Outcome: string(r.Outcome), Latency: durationpb.New(r.Latency), Reason: r.Reason})
	}
	return connect.NewResponse(out), nil
}
