package bootstrap

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"statusdash/app/monitor/probe"
	"statusdash/app/store"
)

// Validate checks the rules every catalog obeys: names and valid, unique
// slugs; services in known categories; components of known services and
// regions, each once; checks that validate, on known components, each
// identity once; events that pass the event rules, on known components.
// Problems name paths in the catalog (not the file) and carry no lines.
// Incidents must not start after now.
func (c *Catalog) Validate(now time.Time) error {
	var problems []Problem
	add := func(path, format string, args ...any) {
		problems = append(problems, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
	}
	checkNamed := func(list string, i int, name, slug string, seen map[string]bool) {
		path := index(list, i)
		if strings.TrimSpace(name) == "" {
			add(path+".name", "missing")
		}
		if !validSlug(slug) {
			add(path+".slug", "bad slug %q", slug)
		}
		if seen[slug] {
			add(path+".slug", "duplicate slug %q", slug)
		}
		seen[slug] = true
	}
	categories, regions, services := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for i, category := range c.Categories {
		checkNamed("categories", i, category.Name, category.Slug, categories)
	}
	for i, region := range c.Regions {
		checkNamed("regions", i, region.Name, region.Slug, regions)
	}
	for i, service := range c.Services {
		checkNamed("services", i, service.Name, service.Slug, services)
		if !categories[service.Category] {
			add(index("services", i)+".category", "unknown category %q", service.Category)
		}
	}
	components := map[store.ComponentSpec]bool{}
	for i, component := range c.Components {
		path := index("components", i)
		if !services[component.Service] || !regions[component.Region] {
			add(path, "unknown service %q or region %q", component.Service, component.Region)
		}
		if components[component] {
			add(path, "duplicate component %s in %s", component.Service, component.Region)
		}
		components[component] = true
	}
	checks := map[checkIdentity]bool{}
	for i, check := range c.Checks {
		path := index("checks", i)
		if !components[check.Component] {
			add(path, "component %s in %s is not in the catalog", check.Component.Service, check.Component.Region)
		}
		if check.Definition.Kind == probe.KindHeartbeat {
			add(path+".kind", "%s", heartbeatRefusal)
		}
		errs := check.Definition.Validate()
		for _, field := range slices.Sorted(maps.Keys(errs)) {
			add(join(path, field), "%s", errs[field])
		}
		identity := checkIdentity{check.Component, string(check.Definition.Kind), check.Definition.Target}
		if checks[identity] {
			add(path, "duplicate %s check of %s in %s with target %q", check.Definition.Kind, check.Component.Service, check.Component.Region, check.Definition.Target)
		}
		checks[identity] = true
	}
	events := map[eventKey]bool{}
	for i, event := range c.Events {
		path := index("events", i)
		for _, problem := range checkEvent(event, now) {
			add(join(path, problem.field), "%s", problem.message)
		}
		for j, component := range event.Components {
			if !components[component] {
				add(index(path+".components", j), "component %s in %s is not in the catalog", component.Service, component.Region)
			}
		}
		if events[keyOf(event)] {
			add(path, "duplicate event")
		}
		events[keyOf(event)] = true
	}
	if len(problems) > 0 {
		return &ValidationError{Problems: problems}
	}
	return nil
}
