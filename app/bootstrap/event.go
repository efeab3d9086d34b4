package bootstrap

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"statusdash/app/model"
	"statusdash/app/store"
)

// eventKey tells events apart: floating events by type and title, others
// also by start, as the store recognises them.
type eventKey struct {
	eventType model.EventType
	title     string
	start     time.Time
}

func keyOf(e store.EventSpec) eventKey {
	key := eventKey{eventType: e.Type, title: e.Title}
	if !e.Floating {
		key.start = e.StartAt
	}
	return key
}

func (d *decoder) events(top fields, refs *catalogRefs) []store.EventSpec {
	var events []store.EventSpec
	seen := map[eventKey]int{}
	for i, node := range d.sequence(top.values.get("events"), "events") {
		path := index("events", i)
		event, ok := d.event(node, path, refs)
		if !ok {
			continue
		}
		if earlier, dup := seen[keyOf(event)]; dup {
			if event.Floating {
				d.fail(path, node, "duplicate %s %q, first defined on line %d: events with relative times need distinct titles", event.Type, event.Title, earlier)
			} else {
				d.fail(path, node, "duplicate %s %q with the same start, first defined on line %d", event.Type, event.Title, earlier)
			}
			continue
		}
		seen[keyOf(event)] = node.Line
		events = append(events, event)
	}
	return events
}

func (d *decoder) event(node *yaml.Node, path string, refs *catalogRefs) (store.EventSpec, bool) {
	f, ok := d.mapping(node, path, "type", "title", "description", "impact", "status", "start", "end", "components", "updates")
	if !ok {
		return store.EventSpec{}, false
	}
	before := len(d.problems)
	event := store.EventSpec{
		Type:        model.EventType(d.required(f, "type")),
		Title:       d.required(f, "title"),
		Description: d.text(f, "description"),
		Status:      d.text(f, "status"),
		CreatedBy:   Author,
	}
	if event.Type != "" && !event.Type.Valid() {
		d.fail(f.at("type"), f.values.get("type"), "unknown type %q (known: incident, maintenance, info)", event.Type)
		return store.EventSpec{}, false
	}
	if impact, given := d.integer(f, "impact"); given {
		event.Impact = model.Impact(impact)
	} else if event.Type == model.TypeIncident && !f.has("impact") {
		d.fail(f.at("impact"), node, "missing: 1 (minor), 2 (major) or 3 (outage)")
	}
	if !f.has("start") {
		d.fail(f.at("start"), node, "missing")
	}
	start, relative, _ := d.time(f, "start")
	event.StartAt, event.Floating = start, relative
	if end, _, ok := d.time(f, "end"); ok {
		event.EndAt = &end
	}
	event.Components = d.eventComponents(f, refs)
	for j, updateNode := range d.sequence(f.values.get("updates"), f.at("updates")) {
		uf, ok := d.mapping(updateNode, index(f.at("updates"), j), "status", "text", "at")
		if !ok {
			continue
		}
		update := store.UpdateSpec{Status: d.required(uf, "status"), Text: d.required(uf, "text"), Author: Author}
		if !uf.has("at") {
			d.fail(uf.at("at"), updateNode, "missing")
		}
		update.At, _, _ = d.time(uf, "at")
		event.Updates = append(event.Updates, update)
	}
	if len(d.problems) > before {
		return store.EventSpec{}, false
	}
	if event.Status == "" {
		event.Status = defaultStatus(event, d.now)
	}
	for _, problem := range checkEvent(event, d.now) {
		d.fail(join(path, problem.field), lineNode(f, problem.field, node), "%s", problem.message)
	}
	return event, len(d.problems) == before
}

// lineNode finds the node a checked field came from, for its line.
func lineNode(f fields, field string, fallback *yaml.Node) *yaml.Node {
	var j int
	var sub string
	if _, err := fmt.Sscanf(field, "updates[%d].%s", &j, &sub); err == nil {
		if list := f.values.get("updates"); list != nil && j < len(list.Content) {
			item := list.Content[j]
			for k := 0; k+1 < len(item.Content); k += 2 {
				if item.Content[k].Value == sub {
					return item.Content[k+1]
				}
			}
			return item
		}
	}
	if node, ok := f.values.lookup(field); ok {
		return node
	}
	return fallback
}

func (d *decoder) eventComponents(f fields, refs *catalogRefs) []store.ComponentSpec {
	path := f.at("components")
	if !f.has("components") {
		d.fail(path, f.node, "missing: list the affected components")
		return nil
	}
	var components []store.ComponentSpec
	seen := map[store.ComponentSpec]bool{}
	for j, node := range d.sequence(f.values.get("components"), path) {
		at := index(path, j)
		cf, ok := d.mapping(node, at, "service", "region")
		if !ok {
			continue
		}
		ref := d.required(cf, "service")
		if ref == "" {
			continue
		}
		service, known := refs.services.resolve(ref)
		if !known {
			d.fail(cf.at("service"), cf.values.get("service"), "unknown service %q", ref)
			continue
		}
		regions := refs.regionsOf[service]
		if cf.has("region") {
			ref := d.text(cf, "region")
			region, known := refs.regions.resolve(ref)
			if !known {
				d.fail(cf.at("region"), cf.values.get("region"), "unknown region %q", ref)
				continue
			}
			if !slices.Contains(regions, region) {
				d.fail(at, node, "service %s does not run in region %s", service, region)
				continue
			}
			regions = []string{region}
		}
		for _, region := range regions {
			component := store.ComponentSpec{Service: service, Region: region}
			if seen[component] {
				d.fail(at, node, "component %s in %s listed twice", service, region)
				continue
			}
			seen[component] = true
			components = append(components, component)
		}
	}
	return components
}

// defaultStatus is the status of an event written without one.
func defaultStatus(e store.EventSpec, now time.Time) string {
	if len(e.Updates) > 0 {
		return e.Updates[len(e.Updates)-1].Status
	}
	ended := e.EndAt != nil && !e.EndAt.After(now)
	switch e.Type {
	case model.TypeIncident:
		if e.EndAt != nil {
			return model.StatusResolved
		}
		return model.StatusDetected
	case model.TypeMaintenance:
		switch {
		case ended:
			return model.StatusCompleted
		case e.StartAt.After(now):
			return model.StatusPlanned
		}
		return model.StatusInProgress
	default:
		switch {
		case ended:
			return model.StatusCompleted
		case e.StartAt.After(now):
			return model.StatusPlanned
		}
		return model.StatusActive
	}
}

// fieldProblem is a problem with one field of an event, relative to it.
type fieldProblem struct{ field, message string }

// checkEvent holds the rules an event obeys, whatever form it came from.
func checkEvent(e store.EventSpec, now time.Time) []fieldProblem {
	var problems []fieldProblem
	add := func(field, format string, args ...any) {
		problems = append(problems, fieldProblem{field, fmt.Sprintf(format, args...)})
	}
	if !e.Type.Valid() {
		add("type", "unknown type %q (known: incident, maintenance, info)", e.Type)
		return problems
	}
	if strings.TrimSpace(e.Title) == "" {
		add("title", "missing")
	}
	if e.Type == model.TypeIncident {
		if e.Impact < model.ImpactMinor || e.Impact > model.ImpactOutage {
			add("impact", "%d is not an incident impact: want 1 (minor), 2 (major) or 3 (outage)", e.Impact)
		}
	} else if e.Impact != model.ImpactMaintenance {
		add("impact", "must be 0 or absent for %s, got %d", e.Type, e.Impact)
	}
	if e.StartAt.IsZero() {
		add("start", "missing")
	}
	if e.EndAt != nil && e.EndAt.Before(e.StartAt) {
		add("end", "%s is before the start %s", e.EndAt.Format(time.RFC3339), e.StartAt.Format(time.RFC3339))
	}
	if e.Type == model.TypeMaintenance && e.EndAt == nil {
		add("end", "missing: a maintenance window needs an end")
	}
	if e.Type == model.TypeIncident && e.StartAt.After(now) {
		add("start", "an incident cannot start in the future (%s)", e.StartAt.Format(time.RFC3339))
	}
	if problem := checkStatus(e); problem != "" {
		add("status", "%s", problem)
	}
	if len(e.Components) == 0 {
		add("components", "missing: list the affected components")
	}
	allowed := updateStatuses(e.Type)
	for i, update := range e.Updates {
		field := fmt.Sprintf("updates[%d]", i)
		if !slices.Contains(allowed, update.Status) {
			add(field+".status", "unknown %s status %q (known: %s)", e.Type, update.Status, strings.Join(allowed, ", "))
		}
		if strings.TrimSpace(update.Text) == "" {
			add(field+".text", "missing")
		}
		if update.At.IsZero() {
			add(field+".at", "missing")
		} else if i > 0 && update.At.Before(e.Updates[i-1].At) {
			add(field+".at", "before the previous update; list updates oldest first")
		}
	}
	return problems
}

// checkStatus tells what is wrong with an event's status, or "".
func checkStatus(e store.EventSpec) string {
	open := model.OpenStatuses(e.Type)
	if e.Type == model.TypeIncident {
		if e.EndAt != nil && !slices.Contains(model.ClosedIncidentStatuses, e.Status) && e.Status != model.StatusResolved {
			return fmt.Sprintf("%q on an incident with an end: want resolved or changed", e.Status)
		}
		if e.EndAt == nil && (e.Status == model.StatusResolved || e.Status == model.StatusChanged) {
			return fmt.Sprintf("%q needs an end", e.Status)
		}
		open = append(slices.Clone(open), model.ClosedIncidentStatuses...)
	}
	if !slices.Contains(open, e.Status) {
		return fmt.Sprintf("unknown %s status %q (known: %s)", e.Type, e.Status, strings.Join(open, ", "))
	}
	return ""
}

// updateStatuses are the statuses an update of the type may carry.
func updateStatuses(t model.EventType) []string {
	statuses := slices.Clone(model.OpenStatuses(t))
	if t == model.TypeIncident {
		statuses = append(statuses, model.ClosedIncidentStatuses...)
	}
	return statuses
}
