package probe

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"statusdash/app/incident"
)

// definitionJSON is a definition as the API, the catalog and the store write
// it: flat, with the Field names, durations in whole units.
type definitionJSON struct {
	Kind              Kind              `json:"kind"`
	Target            string            `json:"target,omitempty"`
	IntervalSeconds   int64             `json:"interval_seconds"`
	TimeoutSeconds    float64           `json:"timeout_seconds,omitempty"`
	MaxLatencyMS      int64             `json:"max_latency_ms,omitempty"`
	Locations         []string          `json:"locations,omitempty"`
	Quorum            int               `json:"quorum,omitempty"`
	Impact            int               `json:"impact,omitempty"`
	FailureThreshold  int               `json:"failure_threshold,omitempty"`
	SuccessThreshold  int               `json:"success_threshold,omitempty"`
	Method            string            `json:"method,omitempty"`
	Headers           map[string]string `json:"headers,omitempty"`
	Body              string            `json:"body,omitempty"`
	ExpectedStatus    StatusRanges      `json:"expected_status,omitempty"`
	BodyContains      string            `json:"body_contains,omitempty"`
	BodyRegexp        string            `json:"body_regexp,omitempty"`
	IgnoreRedirects   bool              `json:"ignore_redirects,omitempty"`
	SkipTLSVerify     bool              `json:"skip_tls_verify,omitempty"`
	RecordType        string            `json:"record_type,omitempty"`
	NameServer        string            `json:"name_server,omitempty"`
	ExpectedAnswers   []string          `json:"expected_answers,omitempty"`
	ExpiryWarningDays int               `json:"expiry_warning_days,omitempty"`
	GraceSeconds      int64             `json:"grace_seconds,omitempty"`
}

// MarshalJSON writes the definition flat, with the Field names.
func (d Definition) MarshalJSON() ([]byte, error) {
	return json.Marshal(definitionJSON{
		Kind: d.Kind, Target: d.Target,
		IntervalSeconds: int64(d.Interval / time.Second),
		TimeoutSeconds:  float64(d.Timeout/time.Millisecond) / 1000,
		MaxLatencyMS:    int64(d.MaxLatency / time.Millisecond),
		Locations:       d.Locations, Quorum: d.Quorum,
		Impact: d.Impact, FailureThreshold: d.FailureThreshold, SuccessThreshold: d.SuccessThreshold,
		Method: d.HTTP.Method, Headers: d.HTTP.Headers, Body: d.HTTP.Body,
		ExpectedStatus: d.HTTP.ExpectedStatus, BodyContains: d.HTTP.BodyContains, BodyRegexp: d.HTTP.BodyRegexp,
		IgnoreRedirects: d.HTTP.IgnoreRedirects, SkipTLSVerify: d.HTTP.SkipTLSVerify,
		RecordType: d.DNS.RecordType, NameServer: d.DNS.NameServer, ExpectedAnswers: d.DNS.ExpectedAnswers,
		ExpiryWarningDays: d.TLS.ExpiryWarningDays,
		GraceSeconds:      int64(d.Heartbeat.Grace / time.Second),
	})
}

// UnmarshalJSON reads what MarshalJSON writes; it does not validate (see
// ParseDefinition). A wrong type or unknown field is an incident.FieldErrors.
func (d *Definition) UnmarshalJSON(data []byte) error {
	decoder := json.NewDecoder(bytes.NewReader(data))
	decoder.DisallowUnknownFields()
	var wire definitionJSON
	if err := decoder.Decode(&wire); err != nil {
		return decodeError(err)
	}
	if _, err := decoder.Token(); err != io.EOF {
		return errors.New("the definition must be one JSON object")
	}
	errs := incident.FieldErrors{}
	*d = Definition{
		Kind: wire.Kind, Target: wire.Target,
		Interval:   seconds(errs, FieldInterval, float64(wire.IntervalSeconds), time.Second),
		Timeout:    seconds(errs, FieldTimeout, wire.TimeoutSeconds, time.Millisecond),
		MaxLatency: seconds(errs, FieldMaxLatency, float64(wire.MaxLatencyMS)/1000, time.Millisecond),
		Locations:  wire.Locations, Quorum: wire.Quorum,
		Impact: wire.Impact, FailureThreshold: wire.FailureThreshold, SuccessThreshold: wire.SuccessThreshold,
		HTTP: HTTPSettings{
			Method: wire.Method, Headers: wire.Headers, Body: wire.Body,
			ExpectedStatus: wire.ExpectedStatus, BodyContains: wire.BodyContains, BodyRegexp: wire.BodyRegexp,
			IgnoreRedirects: wire.IgnoreRedirects, SkipTLSVerify: wire.SkipTLSVerify,
		},
		DNS:       DNSSettings{RecordType: wire.RecordType, NameServer: wire.NameServer, ExpectedAnswers: wire.ExpectedAnswers},
		TLS:       TLSSettings{ExpiryWarningDays: wire.ExpiryWarningDays},
		Heartbeat: HeartbeatSettings{Grace: seconds(errs, FieldGrace, float64(wire.GraceSeconds), time.Second)},
	}
	// An empty list or object is the same as none, so a definition reads
	// back equal from what MarshalJSON writes.
	if len(d.Locations) == 0 {
		d.Locations = nil
	}
	if len(d.HTTP.Headers) == 0 {
		d.HTTP.Headers = nil
	}
	if len(d.DNS.ExpectedAnswers) == 0 {
		d.DNS.ExpectedAnswers = nil
	}
	return errs.Err()
}

// seconds turns a count of seconds into a duration rounded to unit, refusing
// values outside the range a definition may hold.
func seconds(errs incident.FieldErrors, field string, value float64, unit time.Duration) time.Duration {
	if value < 0 || value > MaxInterval.Seconds() || math.IsNaN(value) {
		errs.Add(field, "is out of range")
		return 0
	}
	return time.Duration(math.Round(value*float64(time.Second/unit))) * unit
}

// ParseDefinition reads and validates a definition from JSON: the check
// fields of the API's request body, a catalog entry or a stored row.
// otherFields are fields the caller reads itself from the same object (such
// as "component_id"); any other unknown field is an error. Bad input is an
// incident.FieldErrors naming the JSON field, or a plain error when the text
// is not one JSON object.
func ParseDefinition(data []byte, otherFields ...string) (Definition, error) {
	if len(otherFields) > 0 {
		var object map[string]json.RawMessage
		if err := json.Unmarshal(data, &object); err != nil {
			return Definition{}, fmt.Errorf("the definition is not a JSON object: %w", err)
		}
		for _, field := range otherFields {
			delete(object, field)
		}
		data, _ = json.Marshal(object) // raw messages and string keys always marshal
	}
	var d Definition
	if err := json.Unmarshal(data, &d); err != nil {
		var fields incident.FieldErrors
		if errors.As(err, &fields) {
			return Definition{}, fields
		}
		return Definition{}, fmt.Errorf("the definition is not valid JSON: %w", err)
	}
	if errs := d.Validate(); len(errs) > 0 {
		return Definition{}, errs
	}
	return d, nil
}

// decodeError names the field a JSON decoding error is about, when it is about one.
func decodeError(err error) error {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		field, _, _ := strings.Cut(typeErr.Field, ".")
		return incident.FieldErrors{field: "must be " + jsonTypeName(typeErr.Type.Kind().String())}
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return incident.FieldErrors{strings.Trim(name, `"`): "is not a field of a check"}
	}
	var statusErr *statusRangesError
	if errors.As(err, &statusErr) {
		return incident.FieldErrors{FieldExpectedStatus: statusErr.Error()}
	}
	return err
}

func jsonTypeName(kind string) string {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"):
		return "a whole number"
	case strings.HasPrefix(kind, "float"):
		return "a number"
	case kind == "bool":
		return "true or false"
	case kind == "slice":
		return "a list"
	case kind == "map":
		return "an object"
	}
	return "a " + kind
}
