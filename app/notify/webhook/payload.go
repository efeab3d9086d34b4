package webhook

import (
	"strconv"
	"time"

	"statusdash/app/api/statuspage"
	"statusdash/app/model"
)

// Payload is the generic body, in Statuspage's webhook shape: meta, page,
// and either incident or component and component_update. Receivers written
// for Statuspage read it unchanged.
type Payload struct {
	Meta            Meta                  `json:"meta"`
	Page            Page                  `json:"page"`
	Incident        *statuspage.Incident  `json:"incident,omitempty"`
	Component       *statuspage.Component `json:"component,omitempty"`
	ComponentUpdate *ComponentUpdate      `json:"component_update,omitempty"`
}

// Meta tells the receiver how to leave and where the format is described.
type Meta struct {
	Unsubscribe   string `json:"unsubscribe"`
	Documentation string `json:"documentation"`
	GeneratedAt   string `json:"generated_at"`
}

// Page is the page and its indicator when the notification was made.
type Page struct {
	ID                string `json:"id"`
	StatusIndicator   string `json:"status_indicator"`
	StatusDescription string `json:"status_description"`
}

// ComponentUpdate is one component's status change.
type ComponentUpdate struct {
	ID            string `json:"id"`
	ComponentID   string `json:"component_id"`
	ComponentType string `json:"component_type"`
	OldStatus     string `json:"old_status"`
	NewStatus     string `json:"new_status"`
	CreatedAt     string `json:"created_at"`
}

// PageState is what the page object needs: its identity (as the v2 files
// name it) and what is open now.
type PageState struct {
	ID, URL           string
	OpenIncidents     []*model.Event
	MaintenanceActive bool
}

func (p PageState) wire() (statuspage.WebhookPage, Page) {
	indicator, description := statuspage.PageIndicator(p.OpenIncidents, p.MaintenanceActive)
	id := p.ID
	if id == "" {
		id = statuspage.DefaultPageID
	}
	return statuspage.WebhookPage{ID: id, URL: p.URL}, Page{ID: id, StatusIndicator: indicator, StatusDescription: description}
}

// IncidentPayload is the body for an incident or maintenance update: e as
// the v2 files show it (updates newest first, components with the status
// health gives them). e's Components must carry Service and Region.
func IncidentPayload(page PageState, meta Meta, e *model.Event, health map[uint]model.Health, now time.Time) Payload {
	ref, wirePage := page.wire()
	incident := statuspage.WebhookIncident(ref, e, health, now)
	meta.GeneratedAt = stampString(now)
	return Payload{Meta: meta, Page: wirePage, Incident: &incident}
}

// ComponentPayload is the body for a component whose health moved from old to next at.
func ComponentPayload(page PageState, meta Meta, c *model.Component, old, next model.Health, at time.Time) Payload {
	ref, wirePage := page.wire()
	component := statuspage.WebhookComponent(ref, c, next)
	meta.GeneratedAt = stampString(at)
	id := strconv.FormatUint(uint64(c.ID), 10)
	return Payload{
		Meta: meta, Page: wirePage, Component: &component,
		ComponentUpdate: &ComponentUpdate{
			ID: id + "-" + strconv.FormatInt(at.UnixMilli(), 10), ComponentID: id, ComponentType: "Component",
			OldStatus: statuspage.ComponentStatus(old), NewStatus: statuspage.ComponentStatus(next), CreatedAt: stampString(at),
		},
	}
}

// stampString writes a time as Statuspage does: UTC, milliseconds.
func stampString(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z07:00") }
