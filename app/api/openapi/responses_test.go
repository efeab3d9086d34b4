package openapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"statusdash/app/monitor/decide"
	"statusdash/app/monitor/probe"
	"statusdash/app/store"
)

const (
	ecsDE = `"name":"Elastic Cloud Server","attributes":[{"name":"region","value":"EU-DE"}]`
	obsDE = `"name":"Object Storage","attributes":[{"name":"region","value":"EU-DE"}]`
)

// TestResponsesMatchDocument runs real requests against every endpoint, in
// one story, and validates each response (and each successful request)
// against openapi.yaml; then checks that every operation of the document
// answered at least one success.
func TestResponsesMatchDocument(t *testing.T) {
	c := newContract(t, 0)
	t.Run("statuspage", func(t *testing.T) {
		c.t = t
		for _, file := range []string{"summary.json", "status.json", "components.json", "incidents.json", "incidents/unresolved.json",
			"scheduled-maintenances.json", "scheduled-maintenances/upcoming.json", "scheduled-maintenances/active.json"} {
			c.run(exchange{method: http.MethodGet, path: "/api/v2/" + file, want: http.StatusOK})
		}
		c.run(exchange{method: http.MethodGet, path: "/api/openapi.yaml", want: http.StatusOK})
	})
	t.Run("stackmon v1", func(t *testing.T) {
		c.t = t
		for _, prefix := range []string{"/api/v1", "/v1"} {
			c.run(exchange{method: http.MethodGet, path: prefix + "/component_status", want: http.StatusOK})
			c.run(exchange{method: http.MethodGet, path: prefix + "/incidents", want: http.StatusOK})
		}
		c.run(exchange{method: http.MethodGet, path: "/v1/component_status?name=Elastic", want: http.StatusOK})
		c.run(exchange{method: http.MethodGet, path: "/api/v1/component_status?attribute_name=region&attribute_value=EU-NL&name=Elastic", want: http.StatusOK})
		c.run(exchange{method: http.MethodGet, path: "/api/v1/component_status?attribute_name=region&attribute_value=Nowhere", want: http.StatusNotFound})
		post := func(prefix, credential, body string, want int) {
			c.run(exchange{method: http.MethodPost, path: prefix + "/component_status", credential: credential, body: body, want: want})
		}
		post("/api/v1", "v1", `{`+ecsDE+`,"impact":2,"text":"ECS degraded"}`, http.StatusCreated)
		post("/v1", "v1", `{`+ecsDE+`,"impact":1}`, http.StatusConflict)
		post("/v1", "v1", `{`+obsDE+`,"impact":3}`, http.StatusCreated) // in maintenance: the maintenance
		post("/api/v1", "v1", `{`+ecsDE+`,"impact":0}`, http.StatusBadRequest)
		post("/api/v1", "v1", `{"name":"Nothing","impact":1,"attributes":[]}`, http.StatusNotFound)
		post("/api/v1", "", `{`+ecsDE+`,"impact":1}`, http.StatusUnauthorized)
		post("/api/v1", "v2", `{`+ecsDE+`,"impact":1}`, http.StatusUnauthorized) // no payload key
		post("/api/v1", "v1", `{"name": "`+strings.Repeat("x", 1<<20)+`"}`, http.StatusRequestEntityTooLarge)
		c.run(exchange{method: http.MethodPost, path: "/api/v1/component_status", credential: "v1", body: "name=x",
			contentType: "application/x-www-form-urlencoded", want: http.StatusUnsupportedMediaType})
	})
	t.Run("stackmon v2", func(t *testing.T) {
		c.t = t
		get := func(path string, want int) []byte {
			return c.run(exchange{method: http.MethodGet, path: path, want: want})
		}
		write := func(method, path, credential, body string, want int) []byte {
			return c.run(exchange{method: method, path: path, credential: credential, body: body, want: want})
		}
		get("/v2/components", http.StatusOK)
		get("/v2/components/1", http.StatusOK)
		get("/v2/components/999", http.StatusNotFound)
		get("/v2/components/abc", http.StatusBadRequest)
		newComponent := `{"name":"Object Storage","attrs":[{"name":"type","value":"obs"},{"name":"region","value":"EU-NL"},{"name":"category","value":"Storage"}]}`
		write(http.MethodPost, "/v2/components", "admin", newComponent, http.StatusCreated) // component 4
		write(http.MethodPost, "/v2/components", "admin", newComponent, http.StatusBadRequest)
		write(http.MethodPost, "/v2/components", "v2", newComponent, http.StatusForbidden)
		get("/v2/availability", http.StatusOK)
		get("/v2/events", http.StatusOK)
		get("/v2/events?active=true&limit=10&page=1", http.StatusOK)
		get("/v2/incidents?type=incident,maintenance&system=true", http.StatusOK)
		get("/v2/events?active=false", http.StatusBadRequest)
		get("/v2/events?limit=7", http.StatusBadRequest)
		get("/v2/events/1", http.StatusOK)
		get("/v2/incidents/2", http.StatusOK)
		get("/v2/events/999", http.StatusNotFound)

		incident := eventID(t, write(http.MethodPost, "/v2/events", "v2",
			`{"title":"Storage errors","description":"Uploads fail.","impact":2,"components":[2,3,4],"start_date":"2026-03-10T11:00:00Z","type":"incident"}`, http.StatusOK))
		write(http.MethodPost, "/v2/incidents", "v2",
			`{"title":"ECS outage","impact":3,"components":[1,2],"start_date":"2026-03-10T11:30:00Z","system":true}`, http.StatusOK)
		write(http.MethodPost, "/v2/events", "v2", `{"title":"No impact","components":[1],"start_date":"2026-03-10T11:00:00Z"}`, http.StatusBadRequest)
		write(http.MethodPost, "/v2/events", "", `{"title":"x","impact":1,"components":[1],"start_date":"2026-03-10T11:00:00Z"}`, http.StatusUnauthorized)
		write(http.MethodPost, "/v2/events", "v2", `{"title":"x","impact":1,"components":[99],"start_date":"2026-03-10T11:00:00Z"}`, http.StatusBadRequest)

		event := "/v2/events/" + incident
		alias := "/v2/incidents/" + incident
		write(http.MethodPatch, event, "v2", `{"message":"Cause found.","status":"fixing","update_date":"2026-03-10T11:40:00Z"}`, http.StatusOK)
		write(http.MethodPatch, alias, "v2", `{"message":"Watching.","status":"observing","update_date":"2026-03-10T11:50:00Z"}`, http.StatusOK)
		write(http.MethodPatch, event, "v2", `{"status":"fixing","update_date":"2026-03-10T11:55:00Z"}`, http.StatusBadRequest)
		write(http.MethodPatch, "/v2/events/999", "v2", `{"message":"x","status":"fixing","update_date":"2026-03-10T11:55:00Z"}`, http.StatusNotFound)

		write(http.MethodPost, event+"/extract", "v2", `{"components":[4]}`, http.StatusOK)
		write(http.MethodPost, alias+"/extract", "v2", `{"components":[3]}`, http.StatusOK)
		write(http.MethodPost, event+"/extract", "v2", `{"components":[2]}`, http.StatusBadRequest) // the last one must stay
		write(http.MethodPost, event+"/extract", "v2", `{"components":[1]}`, http.StatusBadRequest) // not in the event

		write(http.MethodPatch, event+"/updates/0", "v2", `{"text":"Uploads fail in EU-DE."}`, http.StatusOK)
		write(http.MethodPatch, alias+"/updates/1", "v2", `{"text":"Cause found: a full disk."}`, http.StatusOK)
		write(http.MethodPatch, event+"/updates/99", "v2", `{"text":"x"}`, http.StatusNotFound)
		write(http.MethodPatch, event+"/updates/0", "v2", `{"text":""}`, http.StatusBadRequest)
		write(http.MethodPatch, event+"/updates/0", "", `{"text":"x"}`, http.StatusUnauthorized)
	})
	t.Run("checks", func(t *testing.T) {
		c.t = t
		call := func(method, path, credential, body string, want int) []byte {
			return c.run(exchange{method: method, path: path, credential: credential, body: body, want: want})
		}
		call(http.MethodPost, "/api/v3/checks", "admin", `{"component_id":1,"kind":"http","target":"https://example.org/health","interval_seconds":30}`, http.StatusCreated)
		var heartbeat struct {
			Token string `json:"heartbeat_token"`
		}
		if err := json.Unmarshal(call(http.MethodPost, "/api/v3/checks", "admin", `{"component_id":2,"kind":"heartbeat","interval_seconds":3600,"paused":true}`, http.StatusCreated), &heartbeat); err != nil {
			t.Fatal(err)
		}
		call(http.MethodPost, "/api/v3/heartbeats/"+heartbeat.Token, "", "", http.StatusOK)
		call(http.MethodGet, "/api/v3/heartbeats/"+heartbeat.Token, "", "", http.StatusOK)
		call(http.MethodPost, "/api/v3/heartbeats/unknown", "", "", http.StatusNotFound)
		call(http.MethodPost, "/api/v3/checks", "admin", `{"component_id":3,"kind":"http","target":"https://example.org/","interval_seconds":60,`+
			`"timeout_seconds":2.5,"locations":["fra","ams"],"quorum":2,"headers":{"X-Probe":"1"},"expected_status":[200,"300-302"],"body_regexp":"^ok"}`, http.StatusCreated)
		call(http.MethodPost, "/api/v3/checks", "admin", `{"component_id":1,"kind":"http","target":"ftp://example.org/","interval_seconds":30}`, http.StatusBadRequest)
		call(http.MethodPost, "/api/v3/checks", "admin", `{"component_id":99,"kind":"tcp","target":"example.org:443","interval_seconds":30}`, http.StatusBadRequest)
		call(http.MethodPost, "/api/v3/checks", "v2", `{"component_id":1,"kind":"tcp","target":"example.org:443","interval_seconds":30}`, http.StatusForbidden)
		call(http.MethodGet, "/api/v3/checks", "v2", "", http.StatusOK)
		call(http.MethodGet, "/api/v3/checks?component_id=1", "admin", "", http.StatusOK)
		call(http.MethodGet, "/api/v3/checks", "", "", http.StatusUnauthorized)
		call(http.MethodGet, "/api/v3/checks/3", "admin", "", http.StatusOK)
		call(http.MethodGet, "/api/v3/checks/99", "admin", "", http.StatusNotFound)
		call(http.MethodPatch, "/api/v3/checks/3", "admin", `{"paused":true,"quorum":null,"interval_seconds":120}`, http.StatusOK)
		call(http.MethodPatch, "/api/v3/checks/3", "admin", `{"interval_seconds":5}`, http.StatusBadRequest)
		if err := c.store.AddCheckResults(context.Background(), []store.CheckResult{
			{CheckID: 1, Location: "local", StartedAt: now.Add(-time.Minute), Outcome: probe.OutcomeUp, Latency: 3 * time.Millisecond},
			{CheckID: 1, Location: "local", StartedAt: now, Outcome: probe.OutcomeDown, Reason: "connection refused"},
		}); err != nil {
			t.Fatal(err)
		}
		call(http.MethodGet, "/api/v3/checks/1/results", "admin", "", http.StatusOK)
		call(http.MethodGet, "/api/v3/checks/1/results?limit=1&before=2026-03-10T12:00:00Z", "v2", "", http.StatusOK)
		call(http.MethodGet, "/api/v3/checks/1/results?limit=0", "admin", "", http.StatusBadRequest)
		call(http.MethodDelete, "/api/v3/checks/2", "admin", "", http.StatusNoContent)
		call(http.MethodDelete, "/api/v3/checks/2", "admin", "", http.StatusNotFound)
	})
	t.Run("statuspage after writes", func(t *testing.T) {
		c.t = t
		body := c.run(exchange{method: http.MethodGet, path: "/api/v2/summary.json", want: http.StatusOK})
		var summary struct {
			Status struct{ Indicator string }
		}
		if err := json.Unmarshal(body, &summary); err != nil || summary.Status.Indicator != "critical" {
			t.Errorf("summary after an outage was reported: indicator %q (%v), want critical", summary.Status.Indicator, err)
		}
	})
	t.Run("ping monitor", func(t *testing.T) {
		c.t = t
		// Check 1 watches example.org: a downtime of it, closed (after the
		// statuspage story, whose outage its recovery would change).
		decider := decide.New(decide.Deps{Store: c.store})
		for n, outcome := range []probe.Outcome{probe.OutcomeDown, probe.OutcomeDown, probe.OutcomeDown, probe.OutcomeUp, probe.OutcomeUp} {
			slot := now.Add(time.Duration(n-10) * 30 * time.Second)
			results := []store.CheckResult{{CheckID: 1, Location: "local", SlotAt: slot, StartedAt: slot, Outcome: outcome}}
			if err := c.store.AddCheckResults(context.Background(), results); err != nil {
				t.Fatal(err)
			}
			if err := decider.DecideRounds(context.Background(), results, slot); err != nil {
				t.Fatal(err)
			}
		}
		for _, path := range []string{"/status", "/status/down", "/status/service/example.org", "/status/service/example.org/incidents"} {
			c.run(exchange{method: http.MethodGet, path: path, want: http.StatusOK})
		}
		c.run(exchange{method: http.MethodGet, path: "/status/service/nowhere.test", want: http.StatusNotFound})
		c.run(exchange{method: http.MethodGet, path: "/status/service/nowhere.test/incidents", want: http.StatusNotFound})
	})
	t.Run("every operation answered", func(t *testing.T) {
		var missing []string
		doc := loadDocument(t)
		for path, item := range doc.Paths.Map() {
			for method, operation := range item.Operations() {
				if c.answered[operation.OperationID] == 0 {
					missing = append(missing, method+" "+path)
				}
			}
		}
		slices.Sort(missing)
		if len(missing) > 0 {
			t.Errorf("operations without a validated success: %v", missing)
		}
	})
}

// TestRateLimitMatchesDocument: the 429 of a write over the budget matches.
func TestRateLimitMatchesDocument(t *testing.T) {
	c := newContract(t, 1)
	body := `{"title":"x","impact":1,"components":[1],"start_date":"2026-03-10T11:00:00Z"}`
	c.run(exchange{method: http.MethodPost, path: "/v2/events", credential: "v2", body: body, want: http.StatusOK})
	c.run(exchange{method: http.MethodPost, path: "/v2/events", credential: "v2", body: body, want: http.StatusTooManyRequests})
	c.run(exchange{method: http.MethodPost, path: "/api/v1/component_status", credential: "v1", body: `{` + ecsDE + `,"impact":1}`, want: http.StatusTooManyRequests})
}

// eventID reads the incident id of a POST /v2/events answer.
func eventID(t *testing.T, body []byte) string {
	t.Helper()
	var answer struct {
		Result []struct {
			IncidentID uint `json:"incident_id"`
		} `json:"result"`
	}
	if err := json.Unmarshal(body, &answer); err != nil || len(answer.Result) == 0 {
		t.Fatalf("POST /v2/events answer %s: %v", body, err)
	}
	return strconv.FormatUint(uint64(answer.Result[0].IncidentID), 10)
}
