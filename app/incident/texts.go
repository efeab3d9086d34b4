package incident

import (
	"fmt"

	"statusdash/app/markdown"
	"statusdash/app/model"
)

// Update texts are Markdown: every title and component label put into one
// goes through markdown.EscapeText, so it shows as the text it is and never
// as a link or other markup of its author's making.

// Link is the HTML link to an event's page that SYSTEM updates carry; the
// pages render it as the title alone, API clients may show the link.
func Link(id uint, title string) string {
	return fmt.Sprintf("<a href='/incidents/%d'>%s</a>", id, markdown.EscapeText(title))
}

// ImpactChangedText is the update written when an impact is raised.
func ImpactChangedText(from, to model.Impact) string {
	return fmt.Sprintf("impact changed from %s to %s", from, to)
}

// AddedText is the update written when a component joins an incident.
func AddedText(component, title string) string {
	return fmt.Sprintf("%s added to %s", markdown.EscapeText(component), markdown.EscapeText(title))
}

// MovedToText is written on the incident a component leaves.
func MovedToText(component string, to Ref) string {
	return fmt.Sprintf("%s moved to %s", markdown.EscapeText(component), Link(to.ID, to.Title))
}

// MovedFromText is written on the incident a component arrives in.
func MovedFromText(component string, from Ref) string {
	return fmt.Sprintf("%s moved from %s", markdown.EscapeText(component), Link(from.ID, from.Title))
}

// ClosedEmptyText is written when an incident is closed because its last
// component moved away.
func ClosedEmptyText(to Ref) string {
	return fmt.Sprintf("closed: its last component moved to %s", Link(to.ID, to.Title))
}

// PlannedUpdate is one update a decision writes. EventID 0 means the
// incident the decision creates.
type PlannedUpdate struct {
	EventID uint
	Status  string
	Text    string
}

// Updates lists the updates the decision writes, in order. created is the
// incident the decision opened (ActionMoveToNew, ActionOpen), with its id.
func (d Decision) Updates(component string, created Ref) []PlannedUpdate {
	switch d.Action {
	case ActionRaiseImpact:
		return []PlannedUpdate{{d.From.ID, model.StatusSystem, ImpactChangedText(d.From.Impact, d.Impact)}}
	case ActionMoveToExisting:
		updates := []PlannedUpdate{
			{d.From.ID, model.StatusSystem, MovedToText(component, d.Target)},
			{d.Target.ID, model.StatusSystem, MovedFromText(component, d.From)},
		}
		if d.CloseFrom {
			updates = append(updates, PlannedUpdate{d.From.ID, model.StatusResolved, ClosedEmptyText(d.Target)})
		}
		return updates
	case ActionMoveToNew:
		return []PlannedUpdate{
			{created.ID, model.StatusDetected, AddedText(component, created.Title)},
			{d.From.ID, model.StatusSystem, MovedToText(component, created)},
			{created.ID, model.StatusSystem, MovedFromText(component, d.From)},
		}
	case ActionJoin:
		return []PlannedUpdate{{d.Target.ID, model.StatusSystem, AddedText(component, d.Target.Title)}}
	case ActionOpen:
		return []PlannedUpdate{{created.ID, model.StatusDetected, AddedText(component, created.Title)}}
	}
	return nil
}

// ComponentLabel names a component in update texts: "Elastic Cloud Server
// (EU-DE)". Service and Region must be loaded.
func ComponentLabel(c model.Component) string {
	switch {
	case c.Service == nil:
		return fmt.Sprintf("component %d", c.ID)
	case c.Region == nil:
		return c.Service.Name
	}
	return fmt.Sprintf("%s (%s)", c.Service.Name, c.Region.Name)
}

// RefOf describes an event for the rules; components is how many it holds.
func RefOf(e *model.Event, components int) Ref {
	return Ref{ID: e.ID, Title: e.Title, Impact: e.Impact, System: e.System, Components: components}
}
