package typed

import (
	"context"
	"errors"
	"net/http"

	"connectrpc.com/connect"

	statusdashv1 "statusdash/app/api/gen/statusdash/v1"
	"statusdash/app/auth"
	"statusdash/app/checkwrite"
	"statusdash/app/store"
)

// The check writes take the roles of /api/v3/checks and go through the
// same checkwrite parsing and store calls, which write the audit rows.

func (s checkService) CreateCheck(ctx context.Context, req *connect.Request[statusdashv1.CreateCheckRequest]) (*connect.Response[statusdashv1.CreateCheckResponse], error) {
	actor, err := s.authorize(ctx, req.Header(), auth.RoleAdmin, true)
	if err != nil {
		return nil, err
	}
	in, err := newCheck(req.Msg.GetCheck())
	if err != nil {
		return nil, err
	}
	check, token, err := checkwrite.Create(ctx, s.store, actor, in, s.now())
	if err != nil {
		return nil, checkInputError(err)
	}
	return connect.NewResponse(&statusdashv1.CreateCheckResponse{Check: checkMessage(check), HeartbeatToken: token}), nil
}

func (s checkService) UpdateCheck(ctx context.Context, req *connect.Request[statusdashv1.UpdateCheckRequest]) (*connect.Response[statusdashv1.UpdateCheckResponse], error) {
	// The patch decides the role (checkwrite.RoleFor); any operator learns
	// what is wrong with a bad one, as from PATCH /api/v3/checks/{id}.
	patch, badPatch := checkPatch(req.Msg.GetCheck(), req.Msg.GetUpdateMask())
	need := auth.RoleOperator
	if badPatch == nil {
		need = checkwrite.RoleFor(patch)
	}
	actor, err := s.authorize(ctx, req.Header(), need, true)
	if err != nil {
		return nil, err
	}
	if badPatch != nil {
		return nil, badPatch
	}
	check, err := s.updateCheck(ctx, actor, req.Msg.GetId(), patch)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&statusdashv1.UpdateCheckResponse{Check: check}), nil
}

func (s checkService) DeleteCheck(ctx context.Context, req *connect.Request[statusdashv1.DeleteCheckRequest]) (*connect.Response[statusdashv1.DeleteCheckResponse], error) {
	actor, err := s.authorize(ctx, req.Header(), auth.RoleAdmin, true)
	if err != nil {
		return nil, err
	}
	id := req.Msg.GetId()
	if id == 0 {
		return nil, invalid("id", "is required")
	}
	if err := s.store.DeleteCheck(ctx, actor, uint(id), s.now()); err != nil {
		return nil, checkError(id, err)
	}
	return connect.NewResponse(&statusdashv1.DeleteCheckResponse{}), nil
}

func (s checkService) PauseCheck(ctx context.Context, req *connect.Request[statusdashv1.PauseCheckRequest]) (*connect.Response[statusdashv1.PauseCheckResponse], error) {
	check, err := s.setPaused(ctx, req.Header(), req.Msg.GetId(), true)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&statusdashv1.PauseCheckResponse{Check: check}), nil
}

func (s checkService) ResumeCheck(ctx context.Context, req *connect.Request[statusdashv1.ResumeCheckRequest]) (*connect.Response[statusdashv1.ResumeCheckResponse], error) {
	check, err := s.setPaused(ctx, req.Header(), req.Msg.GetId(), false)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&statusdashv1.ResumeCheckResponse{Check: check}), nil
}

// setPaused pauses or resumes a check: an operator's patch.
func (s checkService) setPaused(ctx context.Context, header http.Header, id uint32, paused bool) (*statusdashv1.Check, error) {
	patch := store.CheckPatch{Paused: &paused}
	actor, err := s.authorize(ctx, header, checkwrite.RoleFor(patch), true)
	if err != nil {
		return nil, err
	}
	return s.updateCheck(ctx, actor, id, patch)
}

// updateCheck applies the patch and answers the check as it now is.
func (s checkService) updateCheck(ctx context.Context, actor store.Actor, id uint32, patch store.CheckPatch) (*statusdashv1.Check, error) {
	if id == 0 {
		return nil, invalid("id", "is required")
	}
	check, err := s.store.UpdateCheck(ctx, actor, uint(id), patch, s.now())
	if err != nil {
		return nil, checkError(id, err)
	}
	return checkMessage(check), nil
}

// checkError names the check a call did not find, and the fields of bad
// input by their CheckInput names.
func checkError(id uint32, err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return notFound("check %d does not exist", id)
	}
	return checkInputError(err)
}
