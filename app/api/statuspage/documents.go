package statuspage

import "statusdash/app/model"

// The builders of the eight files.

func buildSummary(v *view) any {
	return summaryFile{
		Page:                  v.page,
		Components:            v.components,
		Incidents:             v.unresolved(),
		ScheduledMaintenances: v.current(func(e *model.Event) bool { return e.IsOpen(v.data.Now) || e.IsUpcoming(v.data.Now) }),
		Status:                v.status(),
	}
}

func buildStatus(v *view) any { return statusFile{Page: v.page, Status: v.status()} }

func buildComponents(v *view) any { return componentsFile{Page: v.page, Components: v.components} }

// buildIncidents holds the 50 newest incidents, resolved ones included.
func buildIncidents(v *view) any {
	incidents := make([]incident, 0, incidentLimit)
	for _, e := range v.data.Incidents[:min(len(v.data.Incidents), incidentLimit)] {
		incidents = append(incidents, v.incident(e))
	}
	return incidentsFile{Page: v.page, Incidents: incidents}
}

func buildUnresolved(v *view) any { return incidentsFile{Page: v.page, Incidents: v.unresolved()} }

// buildMaintenances holds the 50 newest maintenance windows and notices.
func buildMaintenances(v *view) any {
	maintenances := make([]incident, 0, incidentLimit)
	for _, e := range v.data.Maintenance[:min(len(v.data.Maintenance), incidentLimit)] {
		maintenances = append(maintenances, v.incident(e))
	}
	return maintenancesFile{Page: v.page, ScheduledMaintenances: maintenances}
}

func buildUpcoming(v *view) any {
	return maintenancesFile{Page: v.page, ScheduledMaintenances: v.current(func(e *model.Event) bool { return e.IsUpcoming(v.data.Now) })}
}

// buildActive holds the windows that have begun, whatever their stored status.
func buildActive(v *view) any {
	return maintenancesFile{Page: v.page, ScheduledMaintenances: v.current(func(e *model.Event) bool { return e.IsOpen(v.data.Now) })}
}

// unresolved lists the open incidents, newest first.
func (v *view) unresolved() []incident {
	incidents := []incident{}
	for _, e := range v.data.Incidents {
		if e.EndAt == nil {
			incidents = append(incidents, v.incident(e))
		}
	}
	return incidents
}

// current lists the maintenance windows and notices keep selects, soonest first.
func (v *view) current(keep func(e *model.Event) bool) []incident {
	maintenances := []incident{}
	for _, e := range v.data.Maintenance {
		if keep(e) {
			maintenances = append(maintenances, v.incident(e))
		}
	}
	byStart(maintenances)
	return maintenances
}

// status is the page-wide indicator from the open incidents.
func (v *view) status() statusInfo {
	var open []*model.Event
	for _, e := range v.data.Incidents {
		if e.EndAt == nil {
			open = append(open, e)
		}
	}
	maintenance := false
	for _, e := range v.data.Maintenance {
		maintenance = maintenance || e.Type == model.TypeMaintenance && e.IsOpen(v.data.Now)
	}
	return indicator(open, maintenance)
}
