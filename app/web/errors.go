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
	// Key, when set, names the message (app/locale) shown instead of
	// Message, in the reader's language on pages and in the default
	// language in JSON; Args are its name/value pairs.
	Key  string
	Args []any
}

func (e *HTTPError) Error() string {
	if e.Key != "" && e.Message == "" {
		return fmt.Sprintf("%d: %s", e.Status, e.Key)
	}
	return fmt.Sprintf("%d: %s", e.Status, e.Message)
}

// localizedError is an HTTPError whose message is key in the reader's language.
func localizedError(status int, key string, args ...any) *HTTPError {
	return &HTTPError{Status: status, Key: key, Args: args}
}

// localizedBadRequest is a 400 whose message, naming the parameter at
// fault, is key in the reader's language.
func localizedBadRequest(key string, args ...any) error {
	return localizedError(http.StatusBadRequest, key, args...)
}

// localizedNotFound is a 404 whose message is key in the reader's language.
func localizedNotFound(key string, args ...any) error {
	return localizedError(http.StatusNotFound, key, args...)
}

func badRequest(parameter, format string, args ...any) error {
	return &HTTPError{Status: http.StatusBadRequest, Message: "Parameter " + parameter + ": " + fmt.Sprintf(format, args...)}
}

func notFound(format string, args ...any) error {
	return &HTTPError{Status: http.StatusNotFound, Message: fmt.Sprintf(format, args...)}
}

// While the database is unavailable, pages that have no last good copy and
// every write answer 503, telling readers and clients when to try again.
const unavailableKey = "error.unavailable"

// errorPage is the data of errors/error.
type errorPage struct {
	render.Page
	Status  int
	Heading string
	Message string
}

// headingKey names an error page's heading: error.heading.<status> where
// the files have it, else the status text.
func headingKey(status int) string { return "error.heading." + strconv.Itoa(status) }

// handleError turns every error a handler returns into an HTML error page,
// or plain text when the page itself cannot be rendered.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, message, key := http.StatusInternalServerError, "", "error.internal"
	var args []any
	var httpErr *HTTPError
	var echoErr *echo.HTTPError
	switch {
	case errors.As(err, &httpErr):
		status, message, key, args = httpErr.Status, httpErr.Message, httpErr.Key, httpErr.Args
	case unavailable(err):
		status, key = http.StatusServiceUnavailable, unavailableKey
		c.Response().Header().Set("Retry-After", strconv.Itoa(store.RetryAfterSeconds))
		s.logger.Warn("request failed: database unavailable", "method", c.Request().Method, "path", c.Request().URL.Path, "error", err)
	case errors.As(err, &echoErr):
		status, key = echoErr.Code, ""
		message = http.StatusText(status)
		if text, ok := echoErr.Message.(string); ok && text != "" && text != message {
			message = text // e.g. the sign-in's reasons
		}
		if status == http.StatusNotFound {
			key, args = "error.not_found", []any{"Path", c.Request().URL.Path}
		}
	default:
		s.logger.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "error", err)
	}
	if family, ok := apiFamily(c.Request().URL.Path); ok {
		// Automation never gets HTML, not even for a path no route knows.
		if key != "" {
			message = s.locales.Default().MustT(key, args...)
		}
		_ = c.JSON(status, map[string]string{family: message})
		return
	}
	req := s.plainRequest(c)
	if key != "" {
		message = req.lang.MustT(key, args...)
	}
	heading, headingErr := req.lang.T(headingKey(status))
	if headingErr != nil {
		heading = http.StatusText(status)
	}
	header := c.Response().Header()
	header.Set(echo.HeaderCacheControl, "no-store")
	if c.Request().Method == http.MethodHead {
		// The headers a GET would send, without the body.
		header.Set(echo.HeaderContentType, echo.MIMETextHTMLCharsetUTF8)
		_ = c.NoContent(status)
		return
	}
	page := errorPage{Page: s.basePage(req, heading, ""), Status: status, Heading: heading, Message: message}
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
