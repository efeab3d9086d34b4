package incident

import (
	"cmp"
	"slices"

	"statusdash/app/model"
)

// DefaultTitle names a system incident when the report gives no title.
const DefaultTitle = "Incident"

// Ref is what the rules need to know about one event.
type Ref struct {
	ID     uint
	Title  string
	Impact model.Impact
	// System is true while automation manages the event.
	System bool
	// Components counts the components the event holds.
	Components int
}

// Situation is a snapshot of one component at the moment of a report.
type Situation struct {
	// Component is the component's label used in update texts.
	Component string
	// Maintenance is an active maintenance holding the component, if any.
	Maintenance *Ref
	// Holding lists the open incidents (person or system) holding the component.
	Holding []Ref
	// OpenSystem lists every open system incident, whatever its components.
	OpenSystem []Ref
}

// Action is what a report does.
type Action int

// Actions of the stackmon rules, in the order Decide tries them (the OpenAPI document's POST component_status).
const (
	// ActionMaintenance answers with the active maintenance and changes nothing.
	ActionMaintenance Action = iota + 1
	// ActionConflict answers 409 with the incident that already holds the component.
	ActionConflict
	// ActionRaiseImpact raises the impact of the component's only incident.
	ActionRaiseImpact
	// ActionMoveToExisting moves the component into an open system incident of
	// the requested impact, closing the old incident when it is left empty.
	ActionMoveToExisting
	// ActionMoveToNew moves the component into a new system incident.
	ActionMoveToNew
	// ActionJoin adds the component to the open system incident of the requested impact.
	ActionJoin
	// ActionOpen opens a new system incident for the component.
	ActionOpen
)

var actionNames = [...]string{"", "maintenance", "conflict", "raise impact", "move to existing", "move to new", "join", "open"}

// String names the action for logs and tests.
func (a Action) String() string {
	if a < 0 || int(a) >= len(actionNames) {
		return "unknown"
	}
	return actionNames[a]
}

// Changes reports whether the action writes anything.
func (a Action) Changes() bool { return a != ActionMaintenance && a != ActionConflict }

// Decision is the outcome of the rules for one component.
type Decision struct {
	Action Action
	// Existing is the maintenance (ActionMaintenance) or the incident holding
	// the component (ActionConflict).
	Existing Ref
	// From is the incident the component leaves (moves) or whose impact is raised.
	From Ref
	// Target is the open system incident the component moves to or joins.
	Target Ref
	// CloseFrom is true when From is left without components and must be closed.
	CloseFrom bool
	// Impact is the requested impact.
	Impact model.Impact
}

// Decide applies the stackmon v1 rules (app/api/openapi/openapi.yaml, first match wins) to a
// report of the requested impact for the component in s.
func Decide(s Situation, requested model.Impact) Decision {
	return decide(s, requested, false)
}

// DecideSystem applies the rules for a v2 system incident: like Decide, but a
// component held by a person's open incident of any impact stays there
// (ActionConflict, which v2 answers with that incident's id, never with 409).
func DecideSystem(s Situation, requested model.Impact) Decision {
	return decide(s, requested, true)
}

func decide(s Situation, requested model.Impact, personAnyImpact bool) Decision {
	d := Decision{Impact: requested}
	if s.Maintenance != nil {
		d.Action, d.Existing = ActionMaintenance, *s.Maintenance
		return d
	}
	// Rule 2: a person's incident of at least the requested impact wins.
	if held, ok := strongest(s.Holding, false); ok && (personAnyImpact || held.Impact >= requested) {
		d.Action, d.Existing = ActionConflict, held
		return d
	}
	target, hasTarget := SystemWithImpact(s.OpenSystem, requested)
	if held, ok := strongest(s.Holding, true); ok {
		if held.Impact >= requested { // rule 3
			d.Action, d.Existing = ActionConflict, held
			return d
		}
		// Rule 4: the component moves up.
		d.From = held
		switch {
		case held.Components <= 1 && !hasTarget:
			d.Action = ActionRaiseImpact
		case hasTarget:
			d.Action, d.Target, d.CloseFrom = ActionMoveToExisting, target, held.Components <= 1
		default:
			d.Action = ActionMoveToNew
		}
		return d
	}
	if hasTarget { // rule 5
		d.Action, d.Target = ActionJoin, target
		return d
	}
	d.Action = ActionOpen
	return d
}

// strongest picks the incident of the highest impact (oldest on a tie) among
// those whose System flag equals system.
func strongest(refs []Ref, system bool) (Ref, bool) {
	var best Ref
	found := false
	for _, r := range refs {
		if r.System != system {
			continue
		}
		if !found || r.Impact > best.Impact || (r.Impact == best.Impact && r.ID < best.ID) {
			best, found = r, true
		}
	}
	return best, found
}

// SystemWithImpact picks the oldest open system incident of the impact.
func SystemWithImpact(open []Ref, impact model.Impact) (Ref, bool) {
	candidates := slices.Clone(open)
	slices.SortFunc(candidates, func(a, b Ref) int { return cmp.Compare(a.ID, b.ID) })
	for _, r := range candidates {
		if r.System && r.Impact == impact {
			return r, true
		}
	}
	return Ref{}, false
}
