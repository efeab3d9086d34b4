package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"statusdash/app/render"
	"statusdash/app/store"
)

// HTTPError is an error a reader caused or can act on: it carries the
// status and a message naming the parameter at fault.
type HTTPError struct {
	Status  int
	Message string
}

func (e *HTTPError) Error() string { return fmt.Sprintf("%d: %s", e.Status, e.Message) }

func badRequest(parameter, format string, args ...any) error {
	return &HTTPError{Status: http.StatusBadRequest, Message: "Parameter " + parameter + ": " + fmt.Sprintf(format, args...)}
}

func notFound(format string, args ...any) error {
	return &HTTPError{Status: http.StatusNotFound, Message: fmt.Sprintf(format, args...)}
}

// While the database is unavailable, pages that have no last good copy and
// every write answer 503, telling readers and clients when to try again.
const unavailableMessage = "The status data is unavailable right now. Please try again in a moment."

// errorPage is the data of errors/error.
type errorPage struct {
	render.Page
	Status  int
	Heading string
	Message string
}

var headings = map[int]string{
	http.StatusBadRequest:          "Bad request",
	http.StatusNotFound:            "Page not found",
	http.StatusMethodNotAllowed:    "Method not allowed",
	http.StatusInternalServerError: "Something went wrong",
	http.StatusServiceUnavailable:  "Temporarily unavailable",
}

// handleError turns every error a handler returns into an HTML error page,
// or plain text when the page itself cannot be rendered.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, message := http.StatusInternalServerError, "The page could not be built. Please try again in a moment."
	var httpErr *HTTPError
	var echoErr *echo.HTTPError
	switch {
	case errors.As(err, &httpErr):
		status, message = httpErr.Status, httpErr.Message
	case unavailable(err):
		status, message = http.StatusServiceUnavailable, unavailableMessage
		c.Response().Header().Set("Retry-After", strconv.Itoa(store.RetryAfterSeconds))
		s.logger.Warn("request failed: database unavailable", "method", c.Request().Method, "path", c.Request().URL.Path, "error", err)
	case errors.As(err, &echoErr):
		status = echoErr.Code
		message = http.StatusText(status)
		if text, ok := echoErr.Message.(string); ok && text != "" && text != message {
			message = text // e.g. the sign-in's reasons
		}
		if status == http.StatusNotFound {
			message = "There is no page at " + c.Request().URL.Path + "."
		}
	default:
		s.logger.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "error", err)
	}
	if family, ok := apiFamily(c.Request().URL.Path); ok {
		// Automation never gets HTML, not even for a path no route knows.
		_ = c.JSON(status, map[string]string{family: message})
		return
	}
	heading, ok := headings[status]
	if !ok {
		heading = http.StatusText(status)
	}
	header := c.Response().Header()
	header.Set(echo.HeaderCacheControl, "no-store")
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(status)
		return
	}
	page := errorPage{Page: s.basePage(s.plainRequest(c), heading, ""), Status: status, Heading: heading, Message: message}
	body, renderErr := s.renderer.Bytes(pageError, &page)
	if renderErr != nil {
		s.logger.Error("render error page", "error", renderErr)
		_ = c.String(status, heading+": "+message)
		return
	}
	_ = c.HTMLBlob(status, body)
}

// apiFamily tells whether path belongs to the JSON API and names the key its
// error bodies use: stackmon v2 answers {"errMsg"}, the others {"message"}.
func apiFamily(path string) (string, bool) {
	switch {
	case strings.HasPrefix(path, "/v2/"):
		return "errMsg", true
	case strings.HasPrefix(path, "/api/"), strings.HasPrefix(path, "/v1/"):
		return "message", true
	}
	return "", false
}
