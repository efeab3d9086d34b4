package store

import (
	"encoding/json"
	"fmt"
	"time"

	"statusdash/app/monitor/probe"
)

// Check is a stored monitoring check: a probe.Definition that belongs to a
// component. A heartbeat check's secret token is never kept, only its hash.
type Check struct {
	ID          uint
	ComponentID uint
	Definition  probe.Definition
	Paused      bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// CheckResult is one run of a check from one location.
type CheckResult struct {
	ID       uint
	CheckID  uint
	Location string
	// SlotAt is the due time of the round the result answers (the same for
	// every location in the round); zero when no schedule gave one.
	SlotAt    time.Time
	StartedAt time.Time
	Outcome   probe.Outcome
	Latency   time.Duration
	Reason    string
}

// checkRow is a row of the checks table.
type checkRow struct {
	ID                 uint
	ComponentID        uint
	Kind               string
	Target             string
	IntervalSeconds    int64
	TimeoutMS          int64 `gorm:"column:timeout_ms"`
	MaxLatencyMS       int64 `gorm:"column:max_latency_ms"`
	Locations          string
	Quorum             int
	Settings           string
	Paused             bool
	HeartbeatTokenHash *string
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// TableName keeps GORM on the migrated table.
func (checkRow) TableName() string { return "checks" }

// checkResultRow is a row of the check_results table.
type checkResultRow struct {
	ID        uint
	CheckID   uint
	Location  string
	SlotAt    *time.Time
	StartedAt time.Time
	Outcome   string
	LatencyUS int64 `gorm:"column:latency_us"`
	Reason    string
}

// TableName keeps GORM on the migrated table.
func (checkResultRow) TableName() string { return "check_results" }

// columnFields are the definition's fields that have columns of their own;
// every other field goes to the settings column.
var columnFields = []string{probe.FieldKind, probe.FieldTarget, probe.FieldInterval, probe.FieldTimeout,
	probe.FieldMaxLatency, probe.FieldLocations, probe.FieldQuorum}

// setDefinition writes the definition into the row's columns and settings.
func (r *checkRow) setDefinition(def probe.Definition) error {
	locations := def.Locations
	if locations == nil {
		locations = []string{}
	}
	locationsJSON, err := json.Marshal(locations)
	if err != nil {
		return fmt.Errorf("store: encode check locations: %w", err)
	}
	whole, err := json.Marshal(def)
	if err != nil {
		return fmt.Errorf("store: encode check definition: %w", err)
	}
	var settings map[string]json.RawMessage
	if err := json.Unmarshal(whole, &settings); err != nil {
		return fmt.Errorf("store: encode check settings: %w", err)
	}
	for _, field := range columnFields {
		delete(settings, field)
	}
	settingsJSON, err := json.Marshal(settings)
	if err != nil {
		return fmt.Errorf("store: encode check settings: %w", err)
	}
	r.Kind, r.Target = string(def.Kind), def.Target
	r.IntervalSeconds = int64(def.Interval / time.Second)
	r.TimeoutMS, r.MaxLatencyMS = def.Timeout.Milliseconds(), def.MaxLatency.Milliseconds()
	r.Locations, r.Quorum, r.Settings = string(locationsJSON), def.Quorum, string(settingsJSON)
	return nil
}

// check reads the row back into a Check. A stored definition is not
// validated again: rules that tighten later must not hide existing checks.
func (r checkRow) check() (Check, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal([]byte(r.Settings), &fields); err != nil {
		return Check{}, fmt.Errorf("store: settings of check %d: %w", r.ID, err)
	}
	if fields == nil {
		fields = map[string]json.RawMessage{}
	}
	for field, value := range map[string]any{
		probe.FieldKind: r.Kind, probe.FieldTarget: r.Target, probe.FieldInterval: r.IntervalSeconds,
		probe.FieldTimeout: float64(r.TimeoutMS) / 1000, probe.FieldMaxLatency: r.MaxLatencyMS,
		probe.FieldLocations: json.RawMessage(r.Locations), probe.FieldQuorum: r.Quorum,
	} {
		encoded, err := json.Marshal(value)
		if err != nil {
			return Check{}, fmt.Errorf("store: field %s of check %d: %w", field, r.ID, err)
		}
		fields[field] = encoded
	}
	whole, err := json.Marshal(fields)
	if err != nil {
		return Check{}, fmt.Errorf("store: definition of check %d: %w", r.ID, err)
	}
	var def probe.Definition
	if err := json.Unmarshal(whole, &def); err != nil {
		return Check{}, fmt.Errorf("store: definition of check %d: %w", r.ID, err)
	}
	return Check{ID: r.ID, ComponentID: r.ComponentID, Definition: def, Paused: r.Paused,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}, nil
}

// result reads the row back into a CheckResult.
func (r checkResultRow) result() CheckResult {
	var slot time.Time
	if r.SlotAt != nil {
		slot = r.SlotAt.UTC()
	}
	return CheckResult{ID: r.ID, CheckID: r.CheckID, Location: r.Location, SlotAt: slot, StartedAt: r.StartedAt.UTC(),
		Outcome: probe.Outcome(r.Outcome), Latency: time.Duration(r.LatencyUS) * time.Microsecond, Reason: r.Reason}
}
