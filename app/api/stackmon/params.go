package stackmon

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// pathID reads a positive id from the path: anything but a positive whole
// number is 400; a number too large to be any row's id (entity "event",
// "component") is 404, as an unknown id is.
func pathID(c echo.Context, f family, name, entity string) (uint, error) {
	raw := c.Param(name)
	id, err := strconv.ParseUint(raw, 10, 32)
	if errors.Is(err, strconv.ErrRange) {
		return 0, f.fail(http.StatusNotFound, fmt.Sprintf("%s %s does not exist", entity, raw))
	}
	if err != nil || id == 0 {
		return 0, f.fail(http.StatusBadRequest, fmt.Sprintf("%s: must be a positive whole number, got %q", name, raw))
	}
	return uint(id), nil
}

// parseTime reads an RFC 3339 time (a date alone means its midnight UTC).
func parseTime(field, raw string) (time.Time, error) {
	raw = strings.TrimSpace(raw)
	if t, err := time.Parse(time.RFC3339Nano, raw); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(time.DateOnly, raw); err == nil {
		return t, nil
	}
	return time.Time{}, v2Family.fail(http.StatusBadRequest, fmt.Sprintf("%s: must be an RFC 3339 time such as 2026-03-01T10:00:00Z, got %q", field, truncate(raw)))
}

// optionalTime parses a time the body may leave out.
func optionalTime(field string, raw *string) (*time.Time, error) {
	if raw == nil {
		return nil, nil
	}
	t, err := parseTime(field, *raw)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// echoLimit bounds how much of a refused value an error message repeats.
const echoLimit = 60

// truncate shortens a refused value for an error message, so a huge query
// does not come back in full.
func truncate(raw string) string {
	runes := []rune(raw)
	if len(runes) <= echoLimit {
		return raw
	}
	return string(runes[:echoLimit]) + "…"
}
