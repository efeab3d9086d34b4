package typed

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"connectrpc.com/connect"

	"statusdash/app/apiauth"
	"statusdash/app/auth"
	"statusdash/app/store"
)

// authorize checks the call's bearer credential as the JSON API does
// (stackmon's requireWriter, v2 rules): unauthenticated without a valid
// one, permission_denied without the role, resource_exhausted past the
// credential's write budget when write. It returns the audit actor.
func (a *API) authorize(ctx context.Context, header http.Header, need auth.Role, write bool) (store.Actor, error) {
	credential, err := a.verifier.Verify(ctx, header.Get("Authorization"))
	switch {
	case errors.Is(err, apiauth.ErrMissing):
		return store.Actor{}, connect.NewError(connect.CodeUnauthenticated, errors.New("missing credential: send Authorization: Bearer <token>"))
	case errors.Is(err, apiauth.ErrIssuedInFuture):
		return store.Actor{}, connect.NewError(connect.CodeUnauthenticated, errors.New("invalid credential: the token is issued in the future (iat); check the clock of the system that signs it"))
	case errors.Is(err, apiauth.ErrInvalid):
		return store.Actor{}, connect.NewError(connect.CodeUnauthenticated, errors.New("invalid credential"))
	case err != nil:
		a.logger.Error("typed: verify credential", "error", err)
		return store.Actor{}, connect.NewError(connect.CodeUnavailable, errors.New("the credential could not be checked; try again"))
	}
	if !credential.Role.Allows(need) {
		return store.Actor{}, connect.NewError(connect.CodePermissionDenied,
			errors.New("the credential "+strconv.Quote(credential.Name)+" may not do this: it needs the "+string(need)+" role"))
	}
	if write {
		if decision := a.limiter.Allow(ctx, credential); !decision.Allowed {
			return store.Actor{}, connect.NewError(connect.CodeResourceExhausted, errors.New("too many writes: at most "+
				strconv.Itoa(decision.Limit)+" per minute per credential; retry in "+strconv.Itoa(decision.RetryAfter)+" s"))
		}
	}
	return credential.Actor(), nil
}

// writer is authorize for an operator's write, with the notify flag.
func (a *API) writer(ctx context.Context, header http.Header, notify *bool) (store.Actor, error) {
	actor, err := a.authorize(ctx, header, auth.RoleOperator, true)
	actor.NoNotify = notify != nil && !*notify
	return actor, err
}
