package probe_test

import (
	"encoding/json"
	"errors"
	"maps"
	"reflect"
	"strings"
	"testing"
	"time"

	"statusdash/app/incident"
	"statusdash/app/monitor/probe"
)

func TestParseDefinition(t *testing.T) {
	full := probe.Definition{
		Kind: probe.KindHTTP, Target: "https://example.org/health", Interval: 30 * time.Second,
		Timeout: 2500 * time.Millisecond, MaxLatency: 800 * time.Millisecond,
		Locations: []string{"fra", "nyc", "sin"}, Quorum: 2, Impact: 2, FailureThreshold: 5, SuccessThreshold: 4,
		HTTP: probe.HTTPSettings{Method: "POST", Headers: map[string]string{"X-Token": "secret"}, Body: `{"ping":1}`,
			ExpectedStatus: probe.StatusRanges{{Low: 200, High: 299}, {Low: 301, High: 301}},
			BodyContains:   "ok", BodyRegexp: `^\{`, IgnoreRedirects: true, SkipTLSVerify: true},
	}
	tests := []struct {
		name        string
		json        string
		otherFields []string
		want        probe.Definition
		wantFields  incident.FieldErrors
		wantError   string
	}{
		{name: "the issue's example", json: `{"kind": "http", "target": "https://example.org/health", "interval_seconds": 30}`,
			want: probe.Definition{Kind: probe.KindHTTP, Target: "https://example.org/health", Interval: 30 * time.Second}},
		{name: "the API's body with its own fields", otherFields: []string{"component_id"},
			json: `{"component_id": 7, "kind": "tcp", "target": "db:5432", "interval_seconds": 60}`,
			want: probe.Definition{Kind: probe.KindTCP, Target: "db:5432", Interval: time.Minute}},
		{name: "every http field", json: `{"kind": "http", "target": "https://example.org/health", "interval_seconds": 30,
			"timeout_seconds": 2.5, "max_latency_ms": 800, "locations": ["fra", "nyc", "sin"], "quorum": 2, "impact": 2, "failure_threshold": 5, "success_threshold": 4,
			"method": "POST", "headers": {"X-Token": "secret"}, "body": "{\"ping\":1}", "expected_status": [" 200-299", 301],
			"body_contains": "ok", "body_regexp": "^\\{", "ignore_redirects": true, "skip_tls_verify": true}`, want: full},
		{name: "dns", json: `{"kind": "dns", "target": "example.org", "interval_seconds": 60, "record_type": "AAAA",
			"name_server": "127.0.0.1:5353", "expected_answers": ["2001:db8::1"]}`,
			want: probe.Definition{Kind: probe.KindDNS, Target: "example.org", Interval: time.Minute,
				DNS: probe.DNSSettings{RecordType: "AAAA", NameServer: "127.0.0.1:5353", ExpectedAnswers: []string{"2001:db8::1"}}}},
		{name: "heartbeat", json: `{"kind": "heartbeat", "interval_seconds": 86400, "grace_seconds": 3600}`,
			want: probe.Definition{Kind: probe.KindHeartbeat, Interval: 24 * time.Hour, Heartbeat: probe.HeartbeatSettings{Grace: time.Hour}}},
		{name: "tls", json: `{"kind": "tls", "target": "example.org", "interval_seconds": 3600, "expiry_warning_days": 30}`,
			want: probe.Definition{Kind: probe.KindTLS, Target: "example.org", Interval: time.Hour, TLS: probe.TLSSettings{ExpiryWarningDays: 30}}},

		{name: "an unknown kind", json: `{"kind": "smtp", "target": "x", "interval_seconds": 30}`,
			wantFields: incident.FieldErrors{"kind": "must be one of http, tcp, icmp, dns, tls, heartbeat"}},
		{name: "a short interval", json: `{"kind": "http", "target": "https://example.org", "interval_seconds": 5}`,
			wantFields: incident.FieldErrors{"interval_seconds": "must be at least 10 seconds"}},
		{name: "no interval", json: `{"kind": "http", "target": "https://example.org"}`,
			wantFields: incident.FieldErrors{"interval_seconds": "must be at least 10 seconds"}},
		{name: "an interval as text", json: `{"kind": "http", "target": "https://example.org", "interval_seconds": "30"}`,
			wantFields: incident.FieldErrors{"interval_seconds": "must be a whole number"}},
		{name: "a fractional interval", json: `{"kind": "http", "target": "https://example.org", "interval_seconds": 30.5}`,
			wantFields: incident.FieldErrors{"interval_seconds": "must be a whole number"}},
		{name: "a huge interval", json: `{"kind": "http", "target": "https://example.org", "interval_seconds": 9223372036854775807}`,
			wantFields: incident.FieldErrors{"interval_seconds": "is out of range"}},
		{name: "a negative timeout", json: `{"kind": "http", "target": "https://example.org", "interval_seconds": 30, "timeout_seconds": -1}`,
			wantFields: incident.FieldErrors{"timeout_seconds": "is out of range"}},
		{name: "a bad status list", json: `{"kind": "http", "target": "https://example.org", "interval_seconds": 30, "expected_status": "2xx"}`,
			wantFields: incident.FieldErrors{"expected_status": `"2xx" is not a status code`}},
		{name: "headers as a list", json: `{"kind": "http", "target": "https://example.org", "interval_seconds": 30, "headers": ["a"]}`,
			wantFields: incident.FieldErrors{"headers": "must be an object"}},
		{name: "an unknown field", json: `{"kind": "http", "url": "https://example.org", "interval_seconds": 30}`,
			wantFields: incident.FieldErrors{"url": "is not a field of a check"}},
		{name: "the API's field without saying so", json: `{"component_id": 7, "kind": "tcp", "target": "db:5432", "interval_seconds": 60}`,
			wantFields: incident.FieldErrors{"component_id": "is not a field of a check"}},
		{name: "an impossible regexp", json: `{"kind": "http", "target": "https://example.org", "interval_seconds": 30, "body_regexp": "a{2,1}"}`,
			wantFields: incident.FieldErrors{"body_regexp": "is not a valid regular expression: invalid repeat count: `{2,1}`"}},

		{name: "not JSON", json: `kind=http`, wantError: "the definition is not valid JSON: invalid character 'k' looking for beginning of value"},
		{name: "two objects", json: `{"kind": "tcp"} {}`, wantError: "the definition is not valid JSON: invalid character '{' after top-level value"},
		{name: "a list", json: `[]`, wantError: "the definition is not valid JSON: json: cannot unmarshal array into Go value of type probe.definitionJSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := probe.ParseDefinition([]byte(tt.json), tt.otherFields...)
			var fields incident.FieldErrors
			switch {
			case tt.wantFields != nil:
				if !errors.As(err, &fields) || !maps.Equal(fields, tt.wantFields) {
					t.Errorf("got error %v, want field errors %v", err, tt.wantFields)
				}
			case tt.wantError != "":
				if err == nil || errors.As(err, &fields) || err.Error() != tt.wantError {
					t.Errorf("got error %v, want %q", err, tt.wantError)
				}
			case err != nil:
				t.Errorf("got error %v, want %+v", err, tt.want)
			case !reflect.DeepEqual(got, tt.want):
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestDefinitionJSONReadsBackEqual(t *testing.T) {
	defs := []probe.Definition{
		{Kind: probe.KindHTTP, Target: "https://example.org/", Interval: 30 * time.Second},
		probe.Definition{Kind: probe.KindHTTP, Target: "https://example.org/", Interval: 30 * time.Second}.WithDefaults(),
		{Kind: probe.KindICMP, Target: "192.0.2.1", Interval: 10 * time.Second, Timeout: 1234 * time.Millisecond, MaxLatency: 5 * time.Millisecond},
		probe.Definition{Kind: probe.KindHeartbeat, Interval: time.Hour}.WithDefaults(),
	}
	for _, def := range defs {
		data, err := json.Marshal(def)
		if err != nil {
			t.Fatalf("marshal %+v: %v", def, err)
		}
		got, err := probe.ParseDefinition(data)
		if err != nil || !reflect.DeepEqual(got, def) {
			t.Errorf("%s reads back as %+v, %v; want %+v", data, got, err, def)
		}
	}
}

func TestDefinitionJSONNamesTheValidationFields(t *testing.T) {
	// Every Field constant is a key of the JSON a definition writes.
	def := probe.Definition{Kind: probe.KindHTTP, Target: "t", Interval: time.Minute, Timeout: time.Second, MaxLatency: time.Millisecond,
		Locations: []string{"a"}, Quorum: 1,
		HTTP: probe.HTTPSettings{Method: "GET", Headers: map[string]string{"a": "b"}, Body: "b", ExpectedStatus: probe.DefaultExpectedStatus(),
			BodyContains: "c", BodyRegexp: "r", IgnoreRedirects: true, SkipTLSVerify: true},
		DNS:       probe.DNSSettings{RecordType: "A", NameServer: "n", ExpectedAnswers: []string{"x"}},
		TLS:       probe.TLSSettings{ExpiryWarningDays: 1},
		Heartbeat: probe.HeartbeatSettings{Grace: time.Second},
	}
	data, err := json.Marshal(def)
	if err != nil {
		t.Fatal(err)
	}
	var object map[string]any
	if err := json.Unmarshal(data, &object); err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{probe.FieldKind, probe.FieldTarget, probe.FieldInterval, probe.FieldTimeout, probe.FieldMaxLatency,
		probe.FieldLocations, probe.FieldQuorum, probe.FieldMethod, probe.FieldHeaders, probe.FieldBody, probe.FieldExpectedStatus,
		probe.FieldBodyContains, probe.FieldBodyRegexp, probe.FieldIgnoreRedirects, probe.FieldSkipTLSVerify, probe.FieldRecordType,
		probe.FieldNameServer, probe.FieldExpectedAnswers, probe.FieldExpiryWarningDays, probe.FieldGrace} {
		if _, ok := object[field]; !ok {
			t.Errorf("field %q is missing from %s", field, data)
		}
	}
	if len(object) != 20 {
		t.Errorf("got %d fields, want the 20 Field constants", len(object))
	}
}

// FuzzParseDefinition checks that no input panics, and that whatever parses
// is valid and reads back equal from its own JSON.
func FuzzParseDefinition(f *testing.F) {
	for _, seed := range []string{
		`{"kind": "http", "target": "https://example.org/health", "interval_seconds": 30}`,
		`{"kind": "http", "target": "http://[::1]:8080/", "interval_seconds": 30, "timeout_seconds": 0.0005, "max_latency_ms": 1,
		  "method": "POST", "headers": {}, "expected_status": [200, "300-302"], "body_regexp": "^a+$", "locations": ["a", "b"], "quorum": 2}`,
		`{"kind": "dns", "target": "_dmarc.example.org.", "interval_seconds": 60, "record_type": "TXT", "name_server": "[::1]", "expected_answers": ["v=DMARC1"]}`,
		`{"kind": "tls", "target": "example.org", "interval_seconds": 3600, "expiry_warning_days": 30}`,
		`{"kind": "heartbeat", "interval_seconds": 86400, "grace_seconds": 0}`,
		`{"kind": "icmp", "target": "192.0.2.1", "interval_seconds": 10, "timeout_seconds": 4.9999}`,
		`{"kind": "tcp", "target": "db:5432", "interval_seconds": 1e3}`,
		`{"kind": "smtp"}`, `{"kind": 1}`, `[]`, `null`, `{"expected_status": "1-2-3"}`, `{"timeout_seconds": 1e400}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		def, err := probe.ParseDefinition([]byte(text))
		if err != nil {
			return
		}
		if errs := def.Validate(); len(errs) > 0 {
			t.Fatalf("%s parses but fails Validate: %v", text, errs)
		}
		data, err := json.Marshal(def)
		if err != nil {
			t.Fatalf("%s parses as %+v, which does not marshal: %v", text, def, err)
		}
		again, err := probe.ParseDefinition(data)
		if err != nil || !reflect.DeepEqual(again, def) {
			t.Fatalf("%s parses as %+v; its JSON %s reads back as %+v, %v", text, def, data, again, err)
		}
		if !strings.Contains(string(data), `"kind"`) {
			t.Fatalf("%s has no kind", data)
		}
	})
}
