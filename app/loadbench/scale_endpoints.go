package main

import (
	"fmt"
	"strconv"
)

// scaleEndpoint is one public GET the scale run measures.
type scaleEndpoint struct {
	Name string // what the table calls it
	Path string // path and query
}

// scaleTarget names the records the endpoints with an identifier ask for.
type scaleTarget struct {
	ServiceSlug string
	EventID     uint
	// DeepPage is a /v2/events page at limit 50 far into the history.
	DeepPage int
}

// deepEventsPage is the page of /v2/events at limit 50 halfway through
// events: page 1,000 of 100,000 events, never below page 2.
func deepEventsPage(events int) int {
	return max(2, events/100)
}

// scaleEndpoints lists every public GET route of statusdash that a reader
// or an automated client calls, with target's records.
func scaleEndpoints(target scaleTarget) []scaleEndpoint {
	event := strconv.FormatUint(uint64(target.EventID), 10)
	deep := strconv.Itoa(target.DeepPage)
	endpoints := []scaleEndpoint{
		{"overview", "/"},
		{"history", "/history"},
		{"availability", "/availability"},
		// The generated catalog's last region (scale_catalog.go's slugs).
		{"availability, last region", "/availability?region=region-04"},
		{"service page", "/services/" + target.ServiceSlug},
		{"incident page", "/incidents/" + event},
		{"RSS", "/rss"},
		{"Atom", "/atom"},
		{"iCalendar", "/ical"},
	}
	for _, name := range []string{
		"summary.json", "status.json", "components.json", "incidents.json",
		"incidents/unresolved.json", "scheduled-maintenances.json",
		"scheduled-maintenances/upcoming.json", "scheduled-maintenances/active.json",
	} {
		endpoints = append(endpoints, scaleEndpoint{"Statuspage " + name, "/api/v2/" + name})
	}
	return append(endpoints,
		scaleEndpoint{"v1 component_status", "/api/v1/component_status"},
		scaleEndpoint{"v1 incidents", "/api/v1/incidents"},
		scaleEndpoint{"v2 components", "/v2/components"},
		scaleEndpoint{"v2 events page 1", "/v2/events?limit=50&page=1"},
		scaleEndpoint{fmt.Sprintf("v2 events page %s", deep), "/v2/events?limit=50&page=" + deep},
		scaleEndpoint{"v2 event", "/v2/events/" + event},
		scaleEndpoint{"v2 availability", "/v2/availability"},
		scaleEndpoint{"OpenAPI document", "/api/openapi.yaml"},
	)
}
