package statuspage

import "statusdash/app/model"

// Statuspage's component statuses.
const (
	componentOperational = "operational"
	componentMaintenance = "under_maintenance"
	componentDegraded    = "degraded_performance"
	componentPartial     = "partial_outage"
	componentMajor       = "major_outage"
)

// componentStatus maps a derived health to Statuspage's component status.
func componentStatus(h model.Health) string {
	switch h {
	case model.HealthMaintenance:
		return componentMaintenance
	case model.HealthMinor:
		return componentDegraded
	case model.HealthMajor:
		return componentPartial
	case model.HealthOutage:
		return componentMajor
	}
	return componentOperational
}

// impactName maps an event's type and impact to Statuspage's impact.
func impactName(e *model.Event) string {
	switch {
	case e.Type == model.TypeMaintenance:
		return "maintenance"
	case e.Type == model.TypeInfo:
		return "none"
	case e.Impact == model.ImpactOutage:
		return "critical"
	case e.Impact == model.ImpactMajor:
		return "major"
	case e.Impact == model.ImpactMinor:
		return "minor"
	}
	return "none"
}

// Statuspage's incident and maintenance statuses.
const (
	incidentInvestigating = "investigating"
	incidentIdentified    = "identified"
	incidentMonitoring    = "monitoring"
	incidentResolved      = "resolved"
	maintenanceScheduled  = "scheduled"
	maintenanceInProgress = "in_progress"
	maintenanceCompleted  = "completed"
)

// incidentStatusOf maps one of our incident statuses; ok is false for the
// statuses that do not change the phase (impact changed, SYSTEM), which keep
// the previous one. A reopened incident is investigated again.
func incidentStatusOf(status string) (string, bool) {
	switch status {
	case model.StatusDetected, model.StatusAnalysing, model.StatusReopened:
		return incidentInvestigating, true
	case model.StatusFixing:
		return incidentIdentified, true
	case model.StatusObserving:
		return incidentMonitoring, true
	case model.StatusResolved, model.StatusChanged:
		return incidentResolved, true
	}
	return "", false
}

// maintenanceStatusOf maps one of our maintenance or info statuses.
func maintenanceStatusOf(status string) (string, bool) {
	switch status {
	case model.StatusPlanned, model.StatusModified:
		return maintenanceScheduled, true
	case model.StatusInProgress, model.StatusActive:
		return maintenanceInProgress, true
	case model.StatusCompleted, model.StatusCancelled:
		return maintenanceCompleted, true
	}
	return "", false
}

// indicator is the page-wide status: critical while an outage is open, else
// major, else minor, else none. The description is in the pages' words
// (model's vocabulary), as API.md leaves it free.
func indicator(openIncidents []*model.Event, maintenanceActive bool) statusInfo {
	worst := model.ImpactMaintenance
	for _, e := range openIncidents {
		worst = max(worst, e.Impact)
	}
	switch worst {
	case model.ImpactOutage:
		return statusInfo{Indicator: "critical", Description: worst.Label()}
	case model.ImpactMajor:
		return statusInfo{Indicator: "major", Description: worst.Label()}
	case model.ImpactMinor:
		return statusInfo{Indicator: "minor", Description: worst.Label()}
	}
	if maintenanceActive {
		return statusInfo{Indicator: "none", Description: model.HealthMaintenance.Label()}
	}
	return statusInfo{Indicator: "none", Description: model.PageLabel(model.HealthOperational)}
}
