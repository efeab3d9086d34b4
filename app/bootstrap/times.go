package bootstrap

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

var errBadTime = errors.New(`want an RFC 3339 time (2025-01-31T14:00:00Z), "now", or an offset from now such as -3h, +2d, -90m, -1d12h`)

// parseTime reads an absolute RFC 3339 time or an offset from now. relative
// tells which, so an event with relative times can be recognised again on the
// next run although its times moved.
func parseTime(text string, now time.Time) (t time.Time, relative bool, err error) {
	text = strings.TrimSpace(text)
	if text == "now" {
		return now, true, nil
	}
	if text != "" && (text[0] == '+' || text[0] == '-') {
		offset, err := parseOffset(text[1:])
		if err != nil {
			return time.Time{}, false, err
		}
		if text[0] == '-' {
			offset = -offset
		}
		return now.Add(offset), true, nil
	}
	t, err = time.Parse(time.RFC3339, text)
	if err != nil {
		return time.Time{}, false, errBadTime
	}
	return t, false, nil
}

// parseOffset reads one or more number-unit pairs, units d, h, m and s.
func parseOffset(text string) (time.Duration, error) {
	if text == "" {
		return 0, errBadTime
	}
	const limit = 100 * 365 * 24 * time.Hour
	var total time.Duration
	for text != "" {
		digits := 0
		for digits < len(text) && text[digits] >= '0' && text[digits] <= '9' {
			digits++
		}
		if digits == 0 || digits == len(text) || digits > 6 {
			return 0, errBadTime
		}
		n, err := strconv.Atoi(text[:digits])
		if err != nil {
			return 0, errBadTime
		}
		var unit time.Duration
		switch text[digits] {
		case 'd':
			unit = 24 * time.Hour
		case 'h':
			unit = time.Hour
		case 'm':
			unit = time.Minute
		case 's':
			unit = time.Second
		default:
			return 0, errBadTime
		}
		total += time.Duration(n) * unit
		if total > limit {
			return 0, errors.New("offset longer than 100 years")
		}
		text = text[digits+1:]
	}
	return total, nil
}
