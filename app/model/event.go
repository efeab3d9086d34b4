package model

import (
	"fmt"
	"slices"
	"time"
)

// EventType tells incidents, maintenance windows and info notices apart.
type EventType string

// Event types.
const (
	TypeIncident    EventType = "incident"
	TypeMaintenance EventType = "maintenance"
	TypeInfo        EventType = "info"
)

// EventTypes lists every event type in display order.
var EventTypes = []EventType{TypeIncident, TypeMaintenance, TypeInfo}

// Valid reports whether t is a known event type.
func (t EventType) Valid() bool { return slices.Contains(EventTypes, t) }

// Impact is how badly an event affects its components.
type Impact int

// Impacts, compatible with the stackmon dashboards.
const (
	ImpactMaintenance Impact = 0
	ImpactMinor       Impact = 1
	ImpactMajor       Impact = 2
	ImpactOutage      Impact = 3
)

var impactNames = [...]string{"maintenance", "minor", "major", "outage"}

// String is the impact's stackmon name: maintenance, minor, major or outage.
func (i Impact) String() string {
	if i < 0 || int(i) >= len(impactNames) {
		return fmt.Sprintf("impact(%d)", int(i))
	}
	return impactNames[i]
}

// Valid reports whether i is one of the four impacts.
func (i Impact) Valid() bool { return i >= ImpactMaintenance && i <= ImpactOutage }

// Event status values. Incidents, maintenance and info notices each use a subset.
const (
	StatusDetected      = "detected"
	StatusAnalysing     = "analysing"
	StatusFixing        = "fixing"
	StatusImpactChanged = "impact changed"
	StatusObserving     = "observing"
	StatusResolved      = "resolved"
	StatusReopened      = "reopened"
	StatusChanged       = "changed"
	StatusPlanned       = "planned"
	StatusInProgress    = "in progress"
	StatusModified      = "modified"
	StatusCompleted     = "completed"
	StatusCancelled     = "cancelled"
	StatusActive        = "active"
	// StatusSystem marks updates written by automation when components move.
	StatusSystem = "SYSTEM"
)

// OpenStatuses lists the statuses an operator may post on an open event of the type.
func OpenStatuses(t EventType) []string {
	switch t {
	case TypeIncident:
		return []string{StatusDetected, StatusAnalysing, StatusFixing, StatusImpactChanged, StatusObserving, StatusResolved}
	case TypeMaintenance:
		return []string{StatusPlanned, StatusInProgress, StatusModified, StatusCompleted, StatusCancelled}
	case TypeInfo:
		return []string{StatusPlanned, StatusActive, StatusCompleted, StatusCancelled}
	}
	return nil
}

// ClosedIncidentStatuses are the only statuses a closed incident accepts.
var ClosedIncidentStatuses = []string{StatusReopened, StatusChanged}

// KnownStatus reports whether the status belongs to any event vocabulary:
// what the event lists of the APIs accept as a status filter.
func KnownStatus(status string) bool {
	for _, t := range EventTypes {
		if slices.Contains(OpenStatuses(t), status) {
			return true
		}
	}
	return slices.Contains(ClosedIncidentStatuses, status)
}

// Event is an incident, a maintenance window or an info notice.
type Event struct {
	ID          uint
	Type        EventType
	Title       string
	Description string
	Impact      Impact
	Status      string
	StartAt     time.Time
	EndAt       *time.Time
	// System is true while automation opened the event and still manages it.
	System     bool
	CreatedBy  string
	Components []Component `gorm:"many2many:event_components"`
	Updates    []EventUpdate
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// EventUpdate is one entry of an event's append-only status history.
type EventUpdate struct {
	ID        uint
	EventID   uint
	Status    string
	Text      string
	At        time.Time
	Author    string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// AuditEntry records one write by an operator or an API client.
type AuditEntry struct {
	ID         uint
	Actor      string // the OIDC subject or the API credential's name
	ActorName  string
	ActorEmail string
	Action     string // e.g. "incident.create"
	Object     string // e.g. "event:12"
	Before     string // JSON, empty when the object is new
	After      string // JSON, empty when the object was deleted
	At         time.Time
}
