package statuspage

import (
	"time"

	"statusdash/app/model"
	"statusdash/app/store"
)

// The objects of Statuspage's webhook bodies are those of its v2 files;
// app/notify/webhook builds its bodies from these so the two never drift.
type (
	// Incident is an incident or maintenance as the v2 files show it.
	Incident = incident
	// Component is one component as the v2 files show it.
	Component = component
)

// WebhookPage names the page a webhook body is about: the id and the URL
// the v2 files use (Deps.PageID and Deps.PageURL).
type WebhookPage struct {
	ID  string
	URL string
}

// WebhookIncident is e as the v2 files would show it at now, updates
// newest first; health gives each of e's components its current health.
// e's Components must carry their Service and Region.
func WebhookIncident(page WebhookPage, e *model.Event, health map[uint]model.Health, now time.Time) Incident {
	if page.ID == "" {
		page.ID = DefaultPageID
	}
	v := &view{data: &store.StatuspageData{Now: now}, page: pageInfo{ID: page.ID, URL: page.URL}, byID: make(map[uint]*component, len(e.Components))}
	for i := range e.Components {
		wire := WebhookComponent(page, &e.Components[i], health[e.Components[i].ID])
		v.byID[e.Components[i].ID] = &wire
	}
	return v.incident(e)
}

// WebhookComponent is c with the status health gives it.
func WebhookComponent(page WebhookPage, c *model.Component, health model.Health) Component {
	if page.ID == "" {
		page.ID = DefaultPageID
	}
	wire := component{
		ID: componentID(c.ID), Name: componentName(c), Status: ComponentStatus(health),
		CreatedAt: stamp(c.CreatedAt), UpdatedAt: stamp(c.UpdatedAt), Showcase: true, PageID: page.ID,
	}
	if c.Service != nil {
		wire.Description = optional(c.Service.Description)
		if c.Service.CategoryID != 0 {
			group := groupID(c.Service.CategoryID)
			wire.GroupID = &group
		}
	}
	return wire
}

// ComponentStatus is Statuspage's name for a health: operational,
// under_maintenance, degraded_performance, partial_outage or major_outage.
func ComponentStatus(h model.Health) string { return componentStatus(h) }

// PageIndicator is the page-wide indicator and its description
// ("major", "Partial outage") for the open incidents.
func PageIndicator(openIncidents []*model.Event, maintenanceActive bool) (string, string) {
	status := indicator(openIncidents, maintenanceActive)
	return status.Indicator, status.Description
}
