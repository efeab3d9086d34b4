package mail

import (
	"slices"
	"strings"

	"statusdash/app/model"
)

// StatusWord is the bracketed status a subject starts with, in the words the
// pages use: the health an open incident causes ("Partial outage"),
// "Resolved", or the state of a maintenance window or notice.
func StatusWord(e *model.Event, updateStatus string) string {
	switch e.Type {
	case model.TypeIncident:
		if updateStatus == model.StatusResolved || updateStatus == model.StatusChanged || (e.EndAt != nil && updateStatus != model.StatusReopened) {
			return "Resolved"
		}
		return model.HealthForImpact(e.Impact).Label()
	case model.TypeMaintenance:
		switch updateStatus {
		case model.StatusInProgress:
			return model.HealthMaintenance.Label()
		case model.StatusCompleted:
			return "Maintenance completed"
		case model.StatusCancelled:
			return "Maintenance cancelled"
		}
		return "Maintenance planned"
	}
	switch updateStatus {
	case model.StatusCompleted, model.StatusCancelled:
		return "Notice ended"
	}
	return "Notice"
}

// Scope names what an event touches: "Elastic Cloud Server in EU-DE", one
// service in several regions ("… in EU-DE, EU-NL"), or the services joined.
// Components must carry their Service and Region.
func Scope(components []model.Component) string {
	var services, regions []string
	for _, c := range components {
		if c.Service != nil && !slices.Contains(services, c.Service.Name) {
			services = append(services, c.Service.Name)
		}
		if c.Region != nil && !slices.Contains(regions, c.Region.Name) {
			regions = append(regions, c.Region.Name)
		}
	}
	switch {
	case len(services) == 0:
		return "All services"
	case len(services) > 3:
		return strings.Join(services[:3], ", ") + " and more"
	case len(regions) == 0 || len(regions) > 3:
		return strings.Join(services, ", ")
	}
	return strings.Join(services, ", ") + " in " + strings.Join(regions, ", ")
}

// Subject is "[status] scope: title", e.g.
// "[Partial outage] Elastic Cloud Server in EU-DE: Slow volume attachment".
// Line breaks in the title are folded to spaces (no header injection).
func Subject(status, scope, title string) string {
	flat := strings.Join(strings.Fields(title), " ")
	return "[" + status + "] " + scope + ": " + flat
}
