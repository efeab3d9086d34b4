package typed

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"connectrpc.com/connect"

	"statusdash/app/store"
)

var errInternal = errors.New("internal error")

// invalid is an invalid_argument error naming the field.
func invalid(field, format string, args ...any) error {
	return connect.NewError(connect.CodeInvalidArgument, errors.New(field+": "+fmt.Sprintf(format, args...)))
}

// notFound is a not_found error.
func notFound(format string, args ...any) error {
	return connect.NewError(connect.CodeNotFound, fmt.Errorf(format, args...))
}

// preconditionFailed is a failed_precondition error saying why.
func preconditionFailed(message string) error {
	return connect.NewError(connect.CodeFailedPrecondition, errors.New(message))
}

// fieldNames turns the store's field names (the v2 JSON names) into the
// statusdash.v1 ones where they differ.
var fieldNames = strings.NewReplacer(
	"components:", "component_ids:",
	"start_date:", "start_time:",
	"end_date:", "end_time:",
	"update_date:", "update_time:",
)

// connectError maps what a handler returned to a Connect error: its own
// Connect errors as they are, the store's validation as invalid_argument,
// conflicts as already_exists, a missing row as not_found, an unreachable
// database as unavailable and anything else as internal (logged).
func (a *API) connectError(err error, procedure string) error {
	var connectErr *connect.Error
	if errors.As(err, &connectErr) {
		return err
	}
	if v, ok := store.AsValidation(err); ok {
		return connect.NewError(connect.CodeInvalidArgument, errors.New(fieldNames.Replace(v.Fields.Error())))
	}
	var conflict *store.ConflictError
	switch {
	case errors.As(err, &conflict):
		return connect.NewError(connect.CodeAlreadyExists, errors.New(fieldNames.Replace(conflict.Field+": "+conflict.Message)))
	case errors.Is(err, store.ErrNotFound):
		return connect.NewError(connect.CodeNotFound, errors.New("not found"))
	case errors.Is(err, store.ErrConflict):
		return connect.NewError(connect.CodeAlreadyExists, errors.New("conflict"))
	case errors.Is(err, store.ErrUnavailable):
		a.logger.Warn("typed: request failed: unavailable", "error", err, "procedure", procedure)
		return connect.NewError(connect.CodeUnavailable, errors.New("the status database is unavailable; try again later"))
	case errors.Is(err, context.DeadlineExceeded):
		return connect.NewError(connect.CodeDeadlineExceeded, errors.New("the request took too long"))
	case errors.Is(err, context.Canceled):
		return connect.NewError(connect.CodeCanceled, errors.New("the request was cancelled"))
	}
	a.logger.Error("typed: request failed", "error", err, "procedure", procedure)
	return connect.NewError(connect.CodeInternal, errInternal)
}
