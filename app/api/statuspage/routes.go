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

// Register adds the eight files under /api/v2/, public (no credentials).
func (a *API) Register(e *echo.Echo) {
	for name, build := range documents {
		e.GET("/api/v2/"+name, a.showDocument(name, build))
	}
}
