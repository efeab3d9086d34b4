package stackmon

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"statusdash/app/store"
)

// family is one of the two stackmon API versions; each has its own error body.
type family int

const (
	v1Family family = iota + 1
	v2Family
)

// V1Error is the error body of stackmon v1.
type V1Error struct {
	Message string `json:"message"`
}

// V2Error is the error body of stackmon v2.
type V2Error struct {
	ErrMsg string `json:"errMsg"`
}

func (f family) errorBody(message string) any {
	if f == v1Family {
		return V1Error{Message: message}
	}
	return V2Error{ErrMsg: message}
}

// apiError is an answer other than success; body, when set, replaces the
// family's error body (the v1 409 conflict, for example).
type apiError struct {
	status  int
	message string
	body    any
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s", e.status, e.message) }

// fail is an error answer with the family's body.
func (f family) fail(status int, message string) error {
	return &apiError{status: status, message: message}
}

// jsonErrors turns every error a handler of the family returns, and every
// panic, into the family's JSON error body, so the HTML error pages of the
// web server never answer an API request.
func (a *API) jsonErrors(f family) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) (err error) {
			defer func() {
				if recovered := recover(); recovered != nil {
					a.logger.Error("stackmon: panic", "panic", recovered, "method", c.Request().Method, "path", c.Request().URL.Path)
					err = a.writeError(c, f, &apiError{status: http.StatusInternalServerError, message: "internal error"})
				}
			}()
			// One deadline for the request's database calls.
			ctx, cancel := a.store.WriteDeadline(c.Request().Context())
			defer cancel()
			c.SetRequest(c.Request().WithContext(ctx))
			if err = next(c); err == nil {
				return nil
			}
			return a.writeError(c, f, err)
		}
	}
}

func (a *API) writeError(c echo.Context, f family, err error) error {
	if c.Response().Committed {
		a.logger.Error("stackmon: error after the answer began", "error", err, "path", c.Request().URL.Path)
		return nil
	}
	status, message, body := a.classify(err)
	switch {
	case status == http.StatusServiceUnavailable:
		// The database, or a credential's check, may answer again soon.
		if c.Response().Header().Get("Retry-After") == "" {
			c.Response().Header().Set("Retry-After", strconv.Itoa(store.RetryAfterSeconds))
		}
		a.logger.Warn("stackmon: request failed: unavailable", "error", err, "method", c.Request().Method, "path", c.Request().URL.Path)
	case status >= http.StatusInternalServerError:
		a.logger.Error("stackmon: request failed", "error", err, "method", c.Request().Method, "path", c.Request().URL.Path)
	}
	if body == nil {
		body = f.errorBody(message)
	}
	return c.JSON(status, body)
}

// classify maps an error to a status and message.
func (a *API) classify(err error) (status int, message string, body any) {
	var answer *apiError
	var httpErr *echo.HTTPError
	switch {
	case errors.As(err, &answer):
		return answer.status, answer.message, answer.body
	case errors.As(err, &httpErr):
		message := http.StatusText(httpErr.Code)
		if text, ok := httpErr.Message.(string); ok && text != "" {
			message = text
		}
		return httpErr.Code, message, nil
	}
	if v, ok := store.AsValidation(err); ok {
		return http.StatusBadRequest, v.Fields.Error(), nil
	}
	var conflict *store.ConflictError
	if errors.As(err, &conflict) {
		return http.StatusConflict, conflict.Field + ": " + conflict.Message, nil
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound, "not found", nil
	case errors.Is(err, store.ErrConflict):
		return http.StatusConflict, "conflict", nil
	case errors.Is(err, store.ErrUnavailable):
		return http.StatusServiceUnavailable, "the status database is unavailable; try again later", nil
	}
	return http.StatusInternalServerError, "internal error", nil
}
