package statuspage

import "github.com/labstack/echo/v4"

// documents maps each public file, relative to /api/v2/, to its builder.
var documents = map[string]builder{
	"summary.json":                         buildSummary,
	"status.json":                          buildStatus,
	"components.json":                      buildComponents,
	"incidents.json":                       buildIncidents,
	"incidents/unresolved.json":            buildUnresolved,
	"scheduled-maintenances.json":          buildMaintenances,
	"scheduled-maintenances/upcoming.json": buildUpcoming,
	"scheduled-maintenances/active.json":   buildActive,
}

// Register adds the eight files under /api/v2/, public (no credentials),
// to GET and to HEAD (the page answers HEAD with its headers alone).
func (a *API) Register(e *echo.Echo) {
	for name, build := range documents {
		show := a.showDocument(name, build)
		e.GET("/api/v2/"+name, show)
		e.HEAD("/api/v2/"+name, show)
	}
}
