package probe

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// MaxStatusRanges bounds the entries of an expected status list.
const MaxStatusRanges = 50

// StatusRange is an inclusive range of HTTP status codes; Low == High for one code.
type StatusRange struct {
	Low, High int
}

// StatusRanges is a list of good status codes, written "200-299,301".
type StatusRanges []StatusRange

// ParseStatusRanges reads a comma-separated list of codes and ranges such as
// "200-299, 301". Codes run from 100 to 599.
func ParseStatusRanges(text string) (StatusRanges, error) {
	if strings.TrimSpace(text) == "" {
		return nil, errors.New("must list at least one status code")
	}
	parts := strings.Split(text, ",")
	if len(parts) > MaxStatusRanges {
		return nil, fmt.Errorf("may list at most %d codes or ranges", MaxStatusRanges)
	}
	ranges := make(StatusRanges, 0, len(parts))
	for _, part := range parts {
		r, err := parseStatusRange(strings.TrimSpace(part))
		if err != nil {
			return nil, err
		}
		ranges = append(ranges, r)
	}
	return ranges, nil
}

func parseStatusRange(text string) (StatusRange, error) {
	lowText, highText, isRange := strings.Cut(text, "-")
	low, err := parseStatusCode(strings.TrimSpace(lowText))
	if err != nil {
		return StatusRange{}, err
	}
	if !isRange {
		return StatusRange{Low: low, High: low}, nil
	}
	high, err := parseStatusCode(strings.TrimSpace(highText))
	if err != nil {
		return StatusRange{}, err
	}
	r := StatusRange{Low: low, High: high}
	return r, r.check()
}

func parseStatusCode(text string) (int, error) {
	// Digits only: Atoi alone would take "+200".
	if text == "" || len(text) > 3 || strings.Trim(text, "0123456789") != "" {
		return 0, fmt.Errorf("%q is not a status code", text)
	}
	code, _ := strconv.Atoi(text)
	return code, StatusRange{Low: code, High: code}.check()
}

// check reports a range outside 100-599 or running backwards.
func (r StatusRange) check() error {
	switch {
	case r.Low < 100 || r.Low > 599 || r.High < 100 || r.High > 599:
		return fmt.Errorf("status codes run from 100 to 599, not %s", r)
	case r.Low > r.High:
		return fmt.Errorf("range %s runs backwards", r)
	}
	return nil
}

// Validate reports the first entry outside 100-599 or running backwards.
func (rs StatusRanges) Validate() error {
	if len(rs) > MaxStatusRanges {
		return fmt.Errorf("may list at most %d codes or ranges", MaxStatusRanges)
	}
	for _, r := range rs {
		if err := r.check(); err != nil {
			return err
		}
	}
	return nil
}

// Contains reports whether code is in one of the ranges.
func (rs StatusRanges) Contains(code int) bool {
	for _, r := range rs {
		if code >= r.Low && code <= r.High {
			return true
		}
	}
	return false
}

func (r StatusRange) String() string {
	if r.Low == r.High {
		return strconv.Itoa(r.Low)
	}
	return strconv.Itoa(r.Low) + "-" + strconv.Itoa(r.High)
}

// String writes the list as ParseStatusRanges reads it: "200-299,301".
func (rs StatusRanges) String() string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.String()
	}
	return strings.Join(parts, ",")
}

// MarshalJSON writes the list as one string.
func (rs StatusRanges) MarshalJSON() ([]byte, error) { return json.Marshal(rs.String()) }

// statusRangesError is a bad expected status list met while decoding JSON.
type statusRangesError struct{ err error }

func (e *statusRangesError) Error() string { return e.err.Error() }
func (e *statusRangesError) Unwrap() error { return e.err }

// UnmarshalJSON reads "200-299,301", or a list of codes and ranges such as
// [200, "300-302"].
func (rs *StatusRanges) UnmarshalJSON(data []byte) error {
	parsed, err := unmarshalStatusRanges(data)
	if err != nil {
		return &statusRangesError{err: err}
	}
	*rs = parsed
	return nil
}

func unmarshalStatusRanges(data []byte) (StatusRanges, error) {
	data = bytes.TrimSpace(data)
	if string(data) == "null" {
		return nil, nil
	}
	if len(data) > 0 && data[0] != '[' {
		var text string
		if err := json.Unmarshal(data, &text); err != nil {
			return nil, errors.New(`must be a string such as "200-299,301" or a list of codes and ranges`)
		}
		return ParseStatusRanges(text)
	}
	var entries []json.RawMessage
	if err := json.Unmarshal(data, &entries); err != nil {
		return nil, errors.New("must be a list of codes and ranges")
	}
	if len(entries) == 0 {
		return nil, errors.New("must list at least one status code")
	}
	parts := make([]string, len(entries))
	for i, entry := range entries {
		var code int
		var text string
		switch {
		case json.Unmarshal(entry, &code) == nil:
			parts[i] = strconv.Itoa(code)
		case json.Unmarshal(entry, &text) == nil && !strings.Contains(text, ","):
			parts[i] = text
		default:
			return nil, fmt.Errorf("%s is not a status code or range", entry)
		}
	}
	return ParseStatusRanges(strings.Join(parts, ","))
}
