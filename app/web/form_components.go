package web

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"statusdash/app/incident"
	"statusdash/app/model"
	"statusdash/app/store"
)

// parseComponentIDs reads the submitted component ids, in order and without
// repeats; an id that is not a number, or not in known, is a field error
// on "components". known == nil accepts every number.
func parseComponentIDs(raw []string, known func(id uint) bool) ([]uint, string) {
	if len(raw) > incident.MaxComponents {
		return nil, incident.TooManyComponents
	}
	ids := make([]uint, 0, len(raw))
	for _, value := range raw {
		value = strings.TrimSpace(value)
		id, err := strconv.ParseUint(value, 10, 32)
		if err != nil || id == 0 {
			return nil, fmt.Sprintf("unknown component %q", truncate(value, 40))
		}
		if known != nil && !known(uint(id)) {
			return nil, fmt.Sprintf("unknown component %d", id)
		}
		if !slices.Contains(ids, uint(id)) {
			ids = append(ids, uint(id))
		}
	}
	return ids, ""
}

// truncate shortens s to n runes for messages that echo input.
func truncate(s string, n int) string {
	runes := []rune(s)
	if len(runes) <= n {
		return s
	}
	return string(runes[:n]) + "…"
}

// componentGroup is one category's components, by region, as checkboxes.
type componentGroup struct {
	Category *model.Category
	Regions  []regionChoices
}

// regionChoices are one region's checkboxes inside a category.
type regionChoices struct {
	Region  *model.Region
	Choices []componentChoice
}

// componentChoice is one checkbox.
type componentChoice struct {
	ID      uint
	Label   string
	Checked bool
}

// componentGroups lays the catalog out as checkboxes grouped by category,
// then region, in display order; checked are ticked.
func componentGroups(tree *store.CatalogTree, checked []uint) []componentGroup {
	var groups []componentGroup
	for _, category := range tree.Categories {
		group := componentGroup{Category: category}
		for _, region := range tree.Regions {
			choices := regionChoices{Region: region}
			for _, service := range tree.ServicesOf(category.ID) {
				for _, component := range tree.ComponentsOf(service.ID) {
					if component.RegionID == region.ID {
						choices.Choices = append(choices.Choices, componentChoice{
							ID: component.ID, Label: service.Name, Checked: slices.Contains(checked, component.ID)})
					}
				}
			}
			if len(choices.Choices) > 0 {
				group.Regions = append(group.Regions, choices)
			}
		}
		if len(group.Regions) > 0 {
			groups = append(groups, group)
		}
	}
	return groups
}

// eventComponentChoices are the event's own components as checkboxes.
func eventComponentChoices(e *model.Event, checked []uint) []componentChoice {
	choices := make([]componentChoice, 0, len(e.Components))
	for _, component := range e.Components {
		choices = append(choices, componentChoice{ID: component.ID, Label: incident.ComponentLabel(component),
			Checked: slices.Contains(checked, component.ID)})
	}
	return choices
}

// catalogKnows reports whether the catalog has a component with the id.
func catalogKnows(tree *store.CatalogTree) func(uint) bool {
	return func(id uint) bool { return tree.Component(id) != nil }
}
