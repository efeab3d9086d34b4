package web

import (
	"fmt"
	"strings"
	"time"
)

// Layouts a datetime-local input sends: minutes, or seconds when the
// browser offers them.
const (
	localMinuteLayout = "2006-01-02T15:04"
	localSecondLayout = "2006-01-02T15:04:05"
)

// parseLocalTime reads a datetime-local value as a wall-clock time in zone,
// the operator's chosen time zone; it answers in UTC.
func parseLocalTime(raw string, zone *time.Location) (time.Time, error) {
	raw = strings.TrimSpace(raw)
	if zone == nil {
		zone = time.UTC
	}
	for _, layout := range []string{localMinuteLayout, localSecondLayout} {
		if t, err := time.ParseInLocation(layout, raw, zone); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date and time such as 2026-03-15T13:45", raw)
}

// formatLocalTime is t as a datetime-local value in zone.
func formatLocalTime(t time.Time, zone *time.Location) string {
	if t.IsZero() {
		return ""
	}
	if zone == nil {
		zone = time.UTC
	}
	return t.In(zone).Format(localMinuteLayout)
}

// optionalLocalTime parses raw when given: nil when empty, a field error
// message when it cannot be read.
func optionalLocalTime(raw string, zone *time.Location) (*time.Time, string) {
	if strings.TrimSpace(raw) == "" {
		return nil, ""
	}
	t, err := parseLocalTime(raw, zone)
	if err != nil {
		return nil, err.Error()
	}
	return &t, ""
}
