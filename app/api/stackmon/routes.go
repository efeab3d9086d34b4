package stackmon

import (
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"statusdash/app/auth"
)

// V1Prefixes are the prefixes v1 is served under.
var V1Prefixes = []string{"/api/v1", "/v1"}

// V2Prefix is the prefix of v2.
const V2Prefix = "/v2"

// V3Prefix is the prefix of statusdash's own API, in v2's style.
const V3Prefix = "/api/v3"

// endpoint is one route of a family.
type endpoint struct {
	method     string
	path       string
	handler    echo.HandlerFunc
	middleware []echo.MiddlewareFunc
}

// Register adds every stackmon route to e: v1 under /api/v1 and /v1, v2
// under /v2 with /v2/incidents aliases of /v2/events, and statusdash's own
// checks under /api/v3 in v2's style. Every answer of these
// groups, errors and unknown paths included, is the family's JSON.
func (a *API) Register(e *echo.Echo) {
	v1Write := a.requireWriter(v1Family, auth.RoleOperator)
	for _, prefix := range V1Prefixes {
		register(e.Group(prefix, a.jsonErrors(v1Family)), v1Family, []endpoint{
			{http.MethodGet, "/component_status", a.listV1Components, nil},
			{http.MethodPost, "/component_status", a.reportV1Component, []echo.MiddlewareFunc{v1Write}},
			{http.MethodGet, "/incidents", a.listV1Incidents, nil},
		})
	}
	operator := []echo.MiddlewareFunc{a.requireWriter(v2Family, auth.RoleOperator)}
	admin := []echo.MiddlewareFunc{a.requireWriter(v2Family, auth.RoleAdmin)}
	v2 := []endpoint{
		{http.MethodGet, "/components", a.listV2Components, nil},
		{http.MethodPost, "/components", a.createV2Component, admin},
		{http.MethodGet, "/components/:id", a.showV2Component, nil},
		{http.MethodGet, "/availability", a.showV2Availability, nil},
	}
	for _, events := range []string{"/events", "/incidents"} {
		v2 = append(v2,
			endpoint{http.MethodGet, events, a.listV2Events, nil},
			endpoint{http.MethodPost, events, a.createV2Event, operator},
			endpoint{http.MethodGet, events + "/:id", a.showV2Event, nil},
			endpoint{http.MethodPatch, events + "/:id", a.updateV2Event, operator},
			endpoint{http.MethodPost, events + "/:id/extract", a.extractV2Event, operator},
			endpoint{http.MethodPatch, events + "/:id/updates/:index", a.editV2UpdateText, operator},
		)
	}
	register(e.Group(V2Prefix, a.jsonErrors(v2Family)), v2Family, v2)

	// Check definitions may carry credentials of their targets (headers,
	// bodies): reading them needs a credential too.
	reader := []echo.MiddlewareFunc{a.requireReader(v2Family, auth.RoleOperator)}
	register(e.Group(V3Prefix, a.jsonErrors(v2Family)), v2Family, []endpoint{
		{http.MethodGet, "/checks", a.listV3Checks, reader},
		{http.MethodPost, "/checks", a.createV3Check, admin},
		{http.MethodGet, "/checks/:id", a.showV3Check, reader},
		{http.MethodPatch, "/checks/:id", a.updateV3Check, operator}, // anything but pausing: admin (the handler)
		{http.MethodDelete, "/checks/:id", a.deleteV3Check, admin},
		{http.MethodGet, "/checks/:id/results", a.listV3CheckResults, reader},
		// The token is the credential: cron jobs ping with curl, POST or GET.
		{http.MethodPost, "/heartbeats/:token", a.recordV3Heartbeat, nil},
		{http.MethodGet, "/heartbeats/:token", a.recordV3Heartbeat, nil},
	})
}

// register adds the endpoints, each GET also as HEAD (monitors and link
// checkers send it; the handlers' answers lose their body), and answers
// other methods on their paths with a JSON 405 (Echo's own 405 would bypass
// the group's error middleware) whose Allow lists HEAD where GET is.
func register(g *echo.Group, f family, endpoints []endpoint) {
	allowed := map[string][]string{}
	var paths []string
	for _, ep := range endpoints {
		g.Add(ep.method, ep.path, ep.handler, ep.middleware...)
		if _, ok := allowed[ep.path]; !ok {
			paths = append(paths, ep.path)
		}
		allowed[ep.path] = append(allowed[ep.path], ep.method)
		if ep.method == http.MethodGet {
			g.Add(http.MethodHead, ep.path, ep.handler, ep.middleware...)
			allowed[ep.path] = append(allowed[ep.path], http.MethodHead)
		}
	}
	all := []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}
	for _, path := range paths {
		methods := allowed[path]
		var others []string
		for _, method := range all {
			if !slices.Contains(methods, method) {
				others = append(others, method)
			}
		}
		allow := strings.Join(methods, ", ")
		g.Match(others, path, func(c echo.Context) error {
			c.Response().Header().Set("Allow", allow)
			return f.fail(http.StatusMethodNotAllowed, "method "+c.Request().Method+" is not allowed here; allowed: "+allow)
		})
	}
}
