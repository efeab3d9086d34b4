package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"statusdash/app/incident"
	"statusdash/app/monitor/probe"
	"statusdash/app/store"
)

// Fields of the check form besides the definition's own (probe's Field names).
const (
	fieldCheckSettings = "settings"
	fieldCheckPaused   = "paused"
)

// maxCheckSettings bounds the settings text: a body and 50 headers fit.
const maxCheckSettings = probe.MaxBodyLength + probe.MaxHeaders*probe.MaxHeaderLength

// checkFormFields are the definition fields the form has inputs for; every
// other setting of a kind goes in the settings JSON object.
var checkFormFields = []string{probe.FieldKind, probe.FieldTarget, probe.FieldInterval, probe.FieldTimeout,
	probe.FieldMaxLatency, probe.FieldLocations, probe.FieldQuorum}

// checkForm is a check as submitted by its form: the common fields as typed,
// the kind's own settings as a JSON object.
type checkForm struct {
	ComponentID string
	Kind        string
	Target      string
	Interval    string
	Timeout     string
	MaxLatency  string
	Locations   string
	Quorum      string
	Settings    string
	Paused      bool
}

func parseCheckForm(values url.Values) checkForm {
	return checkForm{
		ComponentID: strings.TrimSpace(values.Get(store.FieldComponentID)),
		Kind:        strings.TrimSpace(values.Get(probe.FieldKind)),
		Target:      strings.TrimSpace(values.Get(probe.FieldTarget)),
		Interval:    strings.TrimSpace(values.Get(probe.FieldInterval)),
		Timeout:     strings.TrimSpace(values.Get(probe.FieldTimeout)),
		MaxLatency:  strings.TrimSpace(values.Get(probe.FieldMaxLatency)),
		Locations:   strings.TrimSpace(values.Get(probe.FieldLocations)),
		Quorum:      strings.TrimSpace(values.Get(probe.FieldQuorum)),
		Settings:    strings.TrimSpace(values.Get(fieldCheckSettings)),
		Paused:      values.Get(fieldCheckPaused) != "",
	}
}

// checkFormOf fills the form from a stored check, for editing.
func checkFormOf(check *store.Check) checkForm {
	def := check.Definition
	f := checkForm{
		ComponentID: strconv.FormatUint(uint64(check.ComponentID), 10),
		Kind:        string(def.Kind),
		Target:      def.Target,
		Interval:    strconv.FormatInt(int64(def.Interval.Seconds()), 10),
		Locations:   strings.Join(def.Locations, ", "),
		Paused:      check.Paused,
	}
	if def.Timeout != 0 {
		f.Timeout = strconv.FormatFloat(def.Timeout.Seconds(), 'f', -1, 64)
	}
	if def.MaxLatency != 0 {
		f.MaxLatency = strconv.FormatInt(def.MaxLatency.Milliseconds(), 10)
	}
	if def.Quorum != 0 {
		f.Quorum = strconv.Itoa(def.Quorum)
	}
	f.Settings = settingsText(def)
	return f
}

// settingsText is the definition's kind-specific settings as indented
// JSON, or "" when it has none.
func settingsText(def probe.Definition) string {
	settings, err := definitionFields(def)
	if err != nil {
		return ""
	}
	for _, field := range checkFormFields {
		delete(settings, field)
	}
	if len(settings) == 0 {
		return ""
	}
	text, err := json.MarshalIndent(settings, "", "  ")
	if err != nil {
		return ""
	}
	return string(text)
}

// definitionFields is the definition as a JSON object's fields.
func definitionFields(def probe.Definition) (map[string]json.RawMessage, error) {
	whole, err := json.Marshal(def)
	if err != nil {
		return nil, fmt.Errorf("web: encode check definition: %w", err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(whole, &fields); err != nil {
		return nil, fmt.Errorf("web: decode check definition: %w", err)
	}
	return fields, nil
}

// validateCheckForm reads the form into a component and a definition.
// Errors name the form's inputs; a wrong setting of the settings object is
// reported on settings, with its own name.
func validateCheckForm(f checkForm) (uint, probe.Definition, incident.FieldErrors) {
	errs := incident.FieldErrors{}
	var componentID uint
	if id, err := strconv.ParseUint(f.ComponentID, 10, 32); err != nil || id == 0 {
		errs.Add(store.FieldComponentID, "choose a component")
	} else {
		componentID = uint(id)
	}
	fields := map[string]any{probe.FieldKind: f.Kind}
	if f.Target != "" {
		fields[probe.FieldTarget] = f.Target
	}
	number := func(field, text string, whole bool) {
		if text == "" {
			return
		}
		value, err := strconv.ParseFloat(text, 64)
		switch {
		case err != nil || math.IsNaN(value) || math.IsInf(value, 0):
			errs.Add(field, "must be a number")
		case whole && value != math.Trunc(value):
			errs.Add(field, "must be a whole number")
		default:
			fields[field] = value
		}
	}
	if f.Interval == "" {
		errs.Add(probe.FieldInterval, "is required")
	}
	number(probe.FieldInterval, f.Interval, true)
	number(probe.FieldTimeout, f.Timeout, false)
	number(probe.FieldMaxLatency, f.MaxLatency, true)
	number(probe.FieldQuorum, f.Quorum, true)
	if locations := strings.FieldsFunc(f.Locations, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == '\t' }); len(locations) > 0 {
		fields[probe.FieldLocations] = locations
	}
	readSettings(f.Settings, fields, errs)
	if len(errs) > 0 {
		return 0, probe.Definition{}, errs
	}
	data, err := json.Marshal(fields)
	if err != nil {
		errs.Add(fieldCheckSettings, "cannot be read: "+err.Error())
		return 0, probe.Definition{}, errs
	}
	def, err := probe.ParseDefinition(data)
	var fieldErrs incident.FieldErrors
	switch {
	case errors.As(err, &fieldErrs):
		for field, message := range fieldErrs {
			if slices.Contains(checkFormFields, field) {
				errs.Add(field, message)
			} else {
				errs.Add(fieldCheckSettings, field+": "+message)
			}
		}
	case err != nil:
		errs.Add(fieldCheckSettings, err.Error())
	}
	if len(errs) > 0 {
		return 0, probe.Definition{}, errs
	}
	return componentID, def, nil
}

// readSettings adds the settings object's fields to fields; a setting that
// has its own input is refused, so one value is never given twice.
func readSettings(text string, fields map[string]any, errs incident.FieldErrors) {
	if text == "" {
		return
	}
	if len(text) > maxCheckSettings {
		errs.Add(fieldCheckSettings, fmt.Sprintf("may be at most %d characters", maxCheckSettings))
		return
	}
	decoder := json.NewDecoder(bytes.NewReader([]byte(text)))
	decoder.UseNumber()
	var settings map[string]any
	if err := decoder.Decode(&settings); err != nil || decoder.More() {
		errs.Add(fieldCheckSettings, `must be one JSON object, such as {"method": "HEAD", "expected_status": ["200-299"]}`)
		return
	}
	for field, value := range settings {
		if slices.Contains(checkFormFields, field) {
			errs.Add(fieldCheckSettings, field+": has its own field in the form")
			continue
		}
		fields[field] = value
	}
}

// definitionPatch is the patch that makes a check's definition next: every
// field of next, and null for each field of the stored one that next leaves out.
func definitionPatch(stored, next probe.Definition) (json.RawMessage, error) {
	before, err := definitionFields(stored)
	if err != nil {
		return nil, err
	}
	after, err := definitionFields(next)
	if err != nil {
		return nil, err
	}
	for field := range before {
		if _, kept := after[field]; !kept {
			after[field] = json.RawMessage("null")
		}
	}
	patch, err := json.Marshal(after)
	if err != nil {
		return nil, fmt.Errorf("web: encode check patch: %w", err)
	}
	return patch, nil
}
