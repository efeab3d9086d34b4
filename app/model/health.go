package model

import (
	"time"
)

// Health is the derived condition of a component or of the whole page.
// It is never stored: it follows from the events open at a moment.
type Health int

// Health values from best to worst.
const (
	HealthOperational Health = iota
	HealthMaintenance
	HealthMinor
	HealthMajor
	HealthOutage
)

var healthLabels = [...]string{"Operational", "Under maintenance", "Degraded performance", "Partial outage", "Major outage"}
var healthKeys = [...]string{"operational", "maintenance", "minor", "major", "outage"}

// Label is the reader-facing text, shown next to the icon.
func (h Health) Label() string { return healthLabels[h] }

// Key is a stable lower-case name for CSS classes, icons and filters.
func (h Health) Key() string { return healthKeys[h] }

// HealthForImpact maps an incident's impact to the health it causes.
func HealthForImpact(i Impact) Health {
	switch i {
	case ImpactMinor:
		return HealthMinor
	case ImpactMajor:
		return HealthMajor
	case ImpactOutage:
		return HealthOutage
	}
	return HealthMaintenance
}

// IsOpen reports whether the event is going on at now: an incident without an
// end, or a maintenance or info notice whose window contains now and that is
// neither completed nor cancelled.
func (e *Event) IsOpen(now time.Time) bool {
	if e.Type == TypeIncident {
		return e.EndAt == nil
	}
	if e.Status == StatusCompleted || e.Status == StatusCancelled {
		return false
	}
	return !e.StartAt.After(now) && (e.EndAt == nil || e.EndAt.After(now))
}

// IsUpcoming reports whether a maintenance or info notice starts after now and
// has not been cancelled.
func (e *Event) IsUpcoming(now time.Time) bool {
	return e.Type != TypeIncident && e.StartAt.After(now) &&
		e.Status != StatusCancelled && e.Status != StatusCompleted
}

// ComponentHealth derives a component's health from the events that affect it:
// an active maintenance wins, else the highest impact among open incidents,
// else operational. Info notices never change health.
func ComponentHealth(now time.Time, events []*Event) Health {
	worst := HealthOperational
	for _, e := range events {
		if !e.IsOpen(now) {
			continue
		}
		switch e.Type {
		case TypeMaintenance:
			return HealthMaintenance
		case TypeIncident:
			worst = max(worst, HealthForImpact(e.Impact))
		}
	}
	return worst
}
