package typed

import (
	"context"
	"errors"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	statusdashv1 "statusdash/app/api/gen/statusdash/v1"
	"statusdash/app/api/gen/statusdash/v1/statusdashv1connect"
	"statusdash/app/auth"
	"statusdash/app/store"
)

// checkService is statusdash.v1.CheckService: reads for an operator
// credential, as GET /api/v3/checks; the writes are in check_write.go.
type checkService struct{ *API }

var _ statusdashv1connect.CheckServiceHandler = checkService{}

func (s checkService) ListChecks(ctx context.Context, req *connect.Request[statusdashv1.ListChecksRequest]) (*connect.Response[statusdashv1.ListChecksResponse], error) {
	if _, err := s.authorize(ctx, req.Header(), auth.RoleOperator, false); err != nil {
		return nil, err
	}
	checks, err := s.store.Checks(ctx, uint(req.Msg.GetComponentId()))
	if err != nil {
		return nil, err
	}
	out := &statusdashv1.ListChecksResponse{Checks: make([]*statusdashv1.Check, 0, len(checks))}
	for i := range checks {
		out.Checks = append(out.Checks, checkMessage(&checks[i]))
	}
	return connect.NewResponse(out), nil
}

func (s checkService) GetCheck(ctx context.Context, req *connect.Request[statusdashv1.GetCheckRequest]) (*connect.Response[statusdashv1.GetCheckResponse], error) {
	if _, err := s.authorize(ctx, req.Header(), auth.RoleOperator, false); err != nil {
		return nil, err
	}
	if req.Msg.GetId() == 0 {
		return nil, invalid("id", "is required")
	}
	check, err := s.store.Check(ctx, uint(req.Msg.GetId()))
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound("check %d does not exist", req.Msg.GetId())
	}
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&statusdashv1.GetCheckResponse{Check: checkMessage(check)}), nil
}

// checkMessage leaves out the request headers and body: they may carry the
// target's credentials. A duration left at its default is absent.
func checkMessage(c *store.Check) *statusdashv1.Check {
	d := c.Definition
	message := &statusdashv1.Check{
		Id: uint32(c.ID), ComponentId: uint32(c.ComponentID), Kind: string(d.Kind), Target: d.Target,
		Interval: durationpb.New(d.Interval), Timeout: durationpb.New(d.Timeout), Locations: d.Locations,
		Impact: int32(d.Impact), Paused: c.Paused, CreateTime: timestamppb.New(c.CreatedAt), UpdateTime: timestamppb.New(c.UpdatedAt),
		Quorum: int32(d.Quorum), FailureThreshold: int32(d.FailureThreshold), SuccessThreshold: int32(d.SuccessThreshold),
		Method: d.HTTP.Method, BodyContains: d.HTTP.BodyContains, BodyRegexp: d.HTTP.BodyRegexp,
		IgnoreRedirects: d.HTTP.IgnoreRedirects, SkipTlsVerify: d.HTTP.SkipTLSVerify,
		RecordType: d.DNS.RecordType, NameServer: d.DNS.NameServer, ExpectedAnswers: d.DNS.ExpectedAnswers,
		ExpiryWarningDays: int32(d.TLS.ExpiryWarningDays),
	}
	if len(d.HTTP.ExpectedStatus) > 0 {
		message.ExpectedStatus = d.HTTP.ExpectedStatus.String()
	}
	if d.MaxLatency > 0 {
		message.MaxLatency = durationpb.New(d.MaxLatency)
	}
	if d.Heartbeat.Grace > 0 {
		message.Grace = durationpb.New(d.Heartbeat.Grace)
	}
	return message
}
