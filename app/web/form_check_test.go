package web

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"statusdash/app/incident"
	"statusdash/app/monitor/probe"
	"statusdash/app/store"
)

func TestValidateCheckForm(t *testing.T) {
	t.Parallel()
	valid := checkForm{ComponentID: "7", Kind: "http", Target: "https://example.org/", Interval: "30"}
	with := func(change func(*checkForm)) checkForm {
		f := valid
		change(&f)
		return f
	}
	tests := []struct {
		name string
		form checkForm
		want probe.Definition
		errs incident.FieldErrors
	}{
		{"minimal", valid, probe.Definition{Kind: probe.KindHTTP, Target: "https://example.org/", Interval: 30 * time.Second}, nil},
		{"every field", with(func(f *checkForm) {
			f.Timeout, f.MaxLatency, f.Locations, f.Quorum = "2.5", "800", "fra, ams\nlocal", "2"
			f.Settings = `{"method": "POST", "expected_status": [200, "300-302"], "skip_tls_verify": true}`
		}), probe.Definition{Kind: probe.KindHTTP, Target: "https://example.org/", Interval: 30 * time.Second, Timeout: 2500 * time.Millisecond,
			MaxLatency: 800 * time.Millisecond, Locations: []string{"fra", "ams", "local"}, Quorum: 2,
			HTTP: probe.HTTPSettings{Method: "POST", ExpectedStatus: probe.StatusRanges{{Low: 200, High: 200}, {Low: 300, High: 302}}, SkipTLSVerify: true}}, nil},
		{"heartbeat", checkForm{ComponentID: "7", Kind: "heartbeat", Interval: "3600", Settings: `{"grace_seconds": 600}`},
			probe.Definition{Kind: probe.KindHeartbeat, Interval: time.Hour, Heartbeat: probe.HeartbeatSettings{Grace: 10 * time.Minute}}, nil},
		{"no component", with(func(f *checkForm) { f.ComponentID = "" }), probe.Definition{}, incident.FieldErrors{"component_id": "choose a component"}},
		{"no interval", with(func(f *checkForm) { f.Interval = "" }), probe.Definition{}, incident.FieldErrors{"interval_seconds": "is required"}},
		{"fractional interval", with(func(f *checkForm) { f.Interval = "30.5" }), probe.Definition{}, incident.FieldErrors{"interval_seconds": "must be a whole number"}},
		{"short interval", with(func(f *checkForm) { f.Interval = "9" }), probe.Definition{}, incident.FieldErrors{"interval_seconds": "must be at least 10 seconds"}},
		{"setting of another kind", with(func(f *checkForm) { f.Settings = `{"record_type": "A"}` }), probe.Definition{},
			incident.FieldErrors{"settings": "record_type: applies to dns checks only"}},
		{"unknown setting", with(func(f *checkForm) { f.Settings = `{"colour": "red"}` }), probe.Definition{},
			incident.FieldErrors{"settings": "colour: is not a field of a check"}},
		{"settings a list", with(func(f *checkForm) { f.Settings = `[1]` }), probe.Definition{},
			incident.FieldErrors{"settings": `must be one JSON object, such as {"method": "HEAD", "expected_status": ["200-299"]}`}},
		{"two objects", with(func(f *checkForm) { f.Settings = `{} {}` }), probe.Definition{},
			incident.FieldErrors{"settings": `must be one JSON object, such as {"method": "HEAD", "expected_status": ["200-299"]}`}},
		{"a field twice", with(func(f *checkForm) { f.Settings = `{"interval_seconds": 60}` }), probe.Definition{},
			incident.FieldErrors{"settings": "interval_seconds: has its own field in the form"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, def, errs := validateCheckForm(tt.form)
			if !reflect.DeepEqual(errs, tt.errs) && !(len(errs) == 0 && len(tt.errs) == 0) {
				t.Fatalf("got errors %v, want %v", errs, tt.errs)
			}
			if tt.errs == nil && (id != 7 || !reflect.DeepEqual(def, tt.want)) {
				t.Errorf("got %d, %+v; want 7, %+v", id, def, tt.want)
			}
		})
	}
}

// A form filled from a check reads back as the same definition, and the
// patch from one definition to another sets what the second leaves out to null.
func TestCheckFormRoundTripAndPatch(t *testing.T) {
	t.Parallel()
	stored := probe.Definition{Kind: probe.KindHTTP, Target: "https://example.org/", Interval: time.Minute, Timeout: 1500 * time.Millisecond,
		Locations: []string{"fra"}, Quorum: 1, HTTP: probe.HTTPSettings{Headers: map[string]string{"X-Key": "v"}, BodyContains: "ok"}}
	_, def, errs := validateCheckForm(checkFormOf(&store.Check{ComponentID: 7, Definition: stored}))
	if len(errs) > 0 || !reflect.DeepEqual(def, stored) {
		t.Fatalf("round trip gave %+v, %v; want %+v", def, errs, stored)
	}
	next := probe.Definition{Kind: probe.KindHTTP, Target: "https://example.org/", Interval: time.Minute, HTTP: probe.HTTPSettings{BodyRegexp: "^ok"}}
	patch, err := definitionPatch(stored, next)
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]any
	if err := json.Unmarshal(patch, &fields); err != nil {
		t.Fatal(err)
	}
	for _, cleared := range []string{"timeout_seconds", "locations", "quorum", "headers", "body_contains"} {
		if value, ok := fields[cleared]; !ok || value != nil {
			t.Errorf("patch %s: %v, want null", cleared, value)
		}
	}
	if fields["body_regexp"] != "^ok" || fields["kind"] != "http" {
		t.Errorf("patch %s lacks the new fields", patch)
	}
}
