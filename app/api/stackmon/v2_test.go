package stackmon_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// TestMonitoringClientLife replays a monitoring client: it looks components
// up by name and region, opens and raises system incidents through v1 and
// v2, and an operator moves and closes them through v2 PATCH and extract.
func TestMonitoringClientLife(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s, nil, nil)
		// Look-ups by name and region, as the client starts.
		h.do(http.MethodGet, "/api/v1/component_status?name=Elastic%20Cloud%20Server&attribute_name=region&attribute_value=EU-DE", "", "").
			expect(t, 200, strings.TrimSuffix(ecsDE, "}")+`,"incidents":[]}`)
		h.do(http.MethodGet, "/v2/components/4", "", "").expect(t, 200, vpcNL)
		// v2 system incident for ECS and VPC in EU-DE, minor.
		h.do(http.MethodPost, "/v2/events", h.v2JWT,
			`{"title":"API errors","description":"5xx rate","impact":1,"components":[1,3],"start_date":"2026-05-20T11:59:00Z","system":true,"type":"incident"}`).
			expect(t, 200, `{"result":[{"component_id":1,"incident_id":1},{"component_id":3,"incident_id":1}]}`)
		// The same again: no new incident, the ids of the holder come back.
		h.do(http.MethodPost, "/v2/incidents", h.v2JWT,
			`{"title":"API errors","impact":1,"components":[1],"start_date":"2026-05-20T12:00:00Z","system":true}`).
			expect(t, 200, `{"result":[{"component_id":1,"incident_id":1}]}`)
		// ECS gets worse: it moves to a new major incident.
		h.advance(5 * time.Minute)
		h.do(http.MethodPost, "/api/v1/component_status", h.v1JWT, report("Elastic Cloud Server", "EU-DE", 2, "ECS down")).expect(t, 201, "")
		h.do(http.MethodGet, "/v2/events?active=true&system=true", "", "").expect(t, 200, `{"data":[
			{"id":2,"title":"ECS down","description":"","impact":2,"components":[1],"start_date":"2026-05-20T12:05:00Z","system":true,"type":"incident","status":"detected","updates":[
			 {"id":0,"status":"detected","text":"Elastic Cloud Server (EU-DE) added to ECS down","timestamp":"2026-05-20T12:05:00Z"},
			 {"id":1,"status":"SYSTEM","text":"Elastic Cloud Server (EU-DE) moved from <a href='/incidents/1'>API errors</a>","timestamp":"2026-05-20T12:05:00Z"}]},
			{"id":1,"title":"API errors","description":"5xx rate","impact":1,"components":[3],"start_date":"2026-05-20T11:59:00Z","system":true,"type":"incident","status":"detected","updates":[
			 {"id":0,"status":"detected","text":"Elastic Cloud Server (EU-DE) added to API errors","timestamp":"2026-05-20T12:00:00Z"},
			 {"id":1,"status":"SYSTEM","text":"Virtual Private Cloud (EU-DE) added to API errors","timestamp":"2026-05-20T12:00:00Z"},
			 {"id":2,"status":"SYSTEM","text":"Elastic Cloud Server (EU-DE) moved to <a href='/incidents/2'>ECS down</a>","timestamp":"2026-05-20T12:05:00Z"}]}],
			"pagination":{"pageIndex":1,"recordsPerPage":50,"totalRecords":2,"totalPages":1}}`)
		// The operator takes incident 2 over: an update clears system, the impact rises.
		h.advance(5 * time.Minute)
		patched := h.do(http.MethodPatch, "/v2/events/2", h.operator,
			`{"message":"Hypervisor failure","status":"impact changed","impact":3,"update_date":"2026-05-20T12:10:00Z"}`)
		patched.expect(t, 200, "")
		if !strings.Contains(patched.body, `"impact":3`) || !strings.Contains(patched.body, `"system":false`) || !strings.Contains(patched.body, `"status":"impact changed"`) {
			t.Errorf("PATCH answered %s", patched.body)
		}
		// Automation no longer moves the person's components: a v1 report is refused.
		h.do(http.MethodPost, "/api/v1/component_status", h.v1JWT, report("Elastic Cloud Server", "EU-DE", 3, "")).expect(t, 409, "")
		// Also on incident 1: VPC joins, the operator extracts it back out.
		h.do(http.MethodPatch, "/v2/events/1", h.operator,
			`{"message":"Checking","status":"analysing","update_date":"2026-05-20T12:10:00Z"}`).expect(t, 200, "")
		h.do(http.MethodPost, "/v2/events/1/extract", h.operator, `{"components":[3]}`).expect(t, 400,
			`{"errMsg":"components: at least one component must stay in the incident"}`)
		// Resolve 1 and 2; closed incidents accept only reopened and changed.
		h.advance(10 * time.Minute)
		h.do(http.MethodPatch, "/v2/events/1", h.operator,
			`{"message":"Fixed","status":"resolved","update_date":"2026-05-20T12:20:00Z"}`).expect(t, 200, "")
		resolved := h.do(http.MethodPatch, "/v2/incidents/2", h.operator,
			`{"message":"Fixed","status":"resolved","update_date":"2026-05-20T12:20:00Z"}`)
		resolved.expect(t, 200, "")
		if !strings.Contains(resolved.body, `"end_date":"2026-05-20T12:20:00Z"`) {
			t.Errorf("resolved without end: %s", resolved.body)
		}
		h.do(http.MethodPatch, "/v2/events/2", h.operator,
			`{"message":"Again","status":"fixing","update_date":"2026-05-20T12:20:00Z"}`).expect(t, 400, "")
		h.do(http.MethodPatch, "/v2/events/2", h.operator,
			`{"message":"Ended earlier","status":"changed","end_date":"2026-05-20T12:15:00Z","update_date":"2026-05-20T12:20:00Z"}`).expect(t, 200, "")
		h.do(http.MethodGet, "/v2/events?active=true", "", "").expect(t, 200,
			`{"data":[],"pagination":{"pageIndex":1,"recordsPerPage":50,"totalRecords":0,"totalPages":0}}`)
		// The next report opens a fresh system incident.
		h.do(http.MethodPost, "/v1/component_status", h.v1JWT, report("Elastic Cloud Server", "EU-DE", 1, "")).expect(t, 201, "")
		// The operator corrects an update's text.
		h.do(http.MethodPatch, "/v2/events/2/updates/2", h.operator, `{"text":"Hypervisor failure on host 7"}`).expect(t, 200,
			`{"id":2,"status":"impact changed","text":"Hypervisor failure on host 7","timestamp":"2026-05-20T12:10:00Z"}`)
		h.do(http.MethodPatch, "/v2/events/2/updates/99", h.operator, `{"text":"x"}`).expect(t, 404, `{"errMsg":"event 2 has no update 99"}`)
		h.do(http.MethodPatch, "/v2/events/2/updates/0", h.operator, `{"text":" "}`).expect(t, 400, `{"errMsg":"text: is required"}`)
	})
}

func TestV2Extract(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s, nil, nil)
		h.do(http.MethodPost, "/v2/events", h.operator,
			`{"title":"Network","impact":2,"components":[3,4],"start_date":"2026-05-20T11:00:00Z","type":"incident"}`).expect(t, 200, "")
		h.do(http.MethodPost, "/v2/events/1/extract", h.operator, `{"components":[1]}`).expect(t, 400,
			`{"errMsg":"components: component 1 is not in event 1"}`)
		h.do(http.MethodPost, "/v2/events/9/extract", h.operator, `{"components":[4]}`).expect(t, 404, `{"errMsg":"event 9 does not exist"}`)
		extracted := h.do(http.MethodPost, "/v2/events/1/extract", h.operator, `{"components":[4]}`)
		extracted.expect(t, 200, "")
		if !strings.HasPrefix(extracted.body, `{"id":2,"title":"Network","description":"","impact":2,"components":[4],"start_date":"2026-05-20T11:00:00Z","system":false,"type":"incident"`) {
			t.Errorf("extract answered %s", extracted.body)
		}
	})
}

// TestV2ReopenConflict: PATCH refuses with 409 a reopen that would put a
// component in a second open incident, naming that incident, or reopen an
// incident left without components; once the other incident is resolved,
// the reopen goes through.
func TestV2ReopenConflict(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s, nil, nil)
		create := func(title string, component int) {
			h.do(http.MethodPost, "/v2/events", h.operator, fmt.Sprintf(`{"title":%q,"impact":2,"components":[%d],"start_date":"2026-05-20T11:00:00Z"}`,
				title, component)).expect(t, 200, "")
		}
		patch := func(id int, status string) response {
			return h.do(http.MethodPatch, fmt.Sprintf("/v2/events/%d", id), h.operator,
				fmt.Sprintf(`{"message":"x","status":%q,"update_date":"2026-05-20T12:00:00Z"}`, status))
		}
		create("Disk", 1) // 1
		patch(1, "resolved").expect(t, 200, "")
		create("Network", 1) // 2
		create("Storage", 2) // 3
		create("Power", 2)   // 4 takes component 2: 3 is closed, empty
		before := len(h.auditActors())
		patch(1, "reopened").expect(t, 409, `{"errMsg":"status: incident 1 cannot be reopened: Elastic Cloud Server (EU-DE) is in open incident 2 (Network) now, `+
			`and a component is in one open incident at a time; resolve incident 2 first, or open a new incident"}`)
		patch(3, "reopened").expect(t, 409, `{"errMsg":"status: incident 3 cannot be reopened: it holds no component any more `+
			`(they moved to other incidents); open a new incident instead"}`)
		if after := len(h.auditActors()); after != before {
			t.Errorf("refused reopens left %d audit rows", after-before)
		}
		patch(2, "resolved").expect(t, 200, "")
		patch(1, "reopened").expect(t, 200, "")
	})
}

func TestV2EventList(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s, nil, nil)
		create := func(body string) { h.do(http.MethodPost, "/v2/events", h.operator, body).expect(t, 200, "") }
		create(`{"title":"Old","impact":3,"components":[1],"start_date":"2026-05-01T10:00:00Z","type":"incident"}`)                                            // 1
		create(`{"title":"Upgrade","impact":0,"components":[2],"start_date":"2026-05-20T11:00:00Z","end_date":"2026-05-20T13:00:00Z","type":"maintenance"}`)   // 2 active
		create(`{"title":"Next week","impact":0,"components":[2],"start_date":"2026-05-27T11:00:00Z","end_date":"2026-05-27T13:00:00Z","type":"maintenance"}`) // 3 upcoming
		create(`{"title":"Notice","impact":0,"components":[5],"start_date":"2026-05-19T11:00:00Z","end_date":"2026-05-21T11:00:00Z","type":"info"}`)           // 4 active
		create(`{"title":"Now","impact":1,"components":[5,6],"start_date":"2026-05-20T11:30:00Z","type":"incident"}`)                                          // 5 open
		h.do(http.MethodPatch, "/v2/events/1", h.operator, `{"message":"ok","status":"resolved","update_date":"2026-05-01T12:00:00Z"}`).expect(t, 200, "")
		ids := func(query string) string {
			var list struct {
				Data       []struct{ ID int }
				Pagination struct{ PageIndex, RecordsPerPage, TotalRecords, TotalPages int }
			}
			got := h.do(http.MethodGet, "/v2/events"+query, "", "")
			got.expect(t, 200, "")
			got.decode(t, &list)
			var out []string
			for _, e := range list.Data {
				out = append(out, string(rune('0'+e.ID)))
			}
			p := list.Pagination
			return strings.Join(out, ",") + " " + string(rune('0'+p.PageIndex)) + "/" + string(rune('0'+p.TotalPages)) + " of " + string(rune('0'+p.TotalRecords))
		}
		tests := []struct{ query, want string }{
			{"", "3,5,2,4,1 1/1 of 5"},
			{"?type=incident", "5,1 1/1 of 2"},
			{"?type=maintenance,info", "3,2,4 1/1 of 3"},
			{"?active=true", "5,2,4 1/1 of 3"},
			{"?status=resolved", "1 1/1 of 1"},
			{"?status=planned&type=maintenance", "3,2 1/1 of 2"},
			{"?impact=0", "3,2,4 1/1 of 3"},
			{"?system=false", "3,5,2,4,1 1/1 of 5"},
			{"?system=true", " 1/0 of 0"},
			{"?components=2,6", "3,5,2 1/1 of 3"},
			{"?start_date=2026-05-20T11:00:00Z", "3,5,2 1/1 of 3"},
			{"?end_date=2026-05-02T00:00:00Z", "1 1/1 of 1"},
			{"?limit=10&page=1", "3,5,2,4,1 1/1 of 5"},
			{"?limit=10&page=2", " 2/1 of 5"},
		}
		for _, tt := range tests {
			if got := ids(tt.query); got != tt.want {
				t.Errorf("GET /v2/events%s = %q, want %q", tt.query, got, tt.want)
			}
		}
		bad := []struct{ query, want string }{
			{"?type=outage", `{"errMsg":"type: must be a comma list of incident, maintenance and info, got \"outage\""}`},
			{"?active=false", `{"errMsg":"active: accepts only true, got \"false\""}`},
			{"?status=broken", `{"errMsg":"status: unknown status \"broken\""}`},
			{"?impact=4", `{"errMsg":"impact: must be 0, 1, 2 or 3, got \"4\""}`},
			{"?system=yes", `{"errMsg":"system: must be true or false, got \"yes\""}`},
			{"?components=1,x", `{"errMsg":"components: must be a comma list of component ids, got \"1,x\""}`},
			{"?start_date=yesterday", `{"errMsg":"start_date: must be an RFC 3339 time such as 2026-03-01T10:00:00Z, got \"yesterday\""}`},
			{"?end_date=2026-13-01", ""},
			{"?page=0", `{"errMsg":"page: must be a whole number from 1 to 100000, got \"0\""}`},
			{"?limit=25", `{"errMsg":"limit: must be 10, 20 or 50, got \"25\""}`},
		}
		for _, tt := range bad {
			h.do(http.MethodGet, "/v2/events"+tt.query, "", "").expect(t, 400, tt.want)
		}
		// One event in full: a maintenance keeps its end while open.
		h.do(http.MethodGet, "/v2/incidents/2", "", "").expect(t, 200,
			`{"id":2,"title":"Upgrade","description":"","impact":0,"components":[2],"start_date":"2026-05-20T11:00:00Z","end_date":"2026-05-20T13:00:00Z",
			  "system":false,"type":"maintenance","status":"planned","updates":[{"id":0,"status":"planned","text":"The maintenance is planned.","timestamp":"2026-05-20T12:00:00Z"}]}`)
		h.do(http.MethodGet, "/v2/events/99", "", "").expect(t, 404, `{"errMsg":"event 99 does not exist"}`)
		h.do(http.MethodGet, "/v2/events/abc", "", "").expect(t, 400, `{"errMsg":"id: must be a positive whole number, got \"abc\""}`)
		// Ids and indexes too large for any row are unknown, not malformed.
		h.do(http.MethodGet, "/v2/events/99999999999", "", "").expect(t, 404, `{"errMsg":"event 99999999999 does not exist"}`)
		h.do(http.MethodGet, "/v2/components/99999999999", "", "").expect(t, 404, `{"errMsg":"component 99999999999 does not exist"}`)
		h.do(http.MethodPatch, "/v2/events/2/updates/99999999999999999999", h.operator, `{"text":"x"}`).expect(t, 404,
			`{"errMsg":"event 2 has no update 99999999999999999999"}`)
	})
}

func TestV2BadWrites(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s, nil, nil)
		h.do(http.MethodPost, "/v2/events", h.operator, `{"title":"Disk","impact":2,"components":[1],"start_date":"2026-05-20T11:00:00Z","type":"incident"}`).expect(t, 200, "")
		before := len(h.auditActors())
		tests := []struct{ name, method, path, body, want string }{
			{"unknown field", "POST", "/v2/events", `{"title":"x","impact":1,"components":[1],"start_date":"2026-05-20T11:00:00Z","colour":"red"}`, `{"errMsg":"unknown field \"colour\""}`},
			{"impact 0 incident", "POST", "/v2/events", `{"title":"x","impact":0,"components":[1],"start_date":"2026-05-20T11:00:00Z","type":"incident"}`, `{"errMsg":"impact: must be 1 (minor), 2 (major) or 3 (outage) for an incident"}`},
			{"impact 5", "POST", "/v2/events", `{"title":"x","impact":5,"components":[1],"start_date":"2026-05-20T11:00:00Z"}`, `{"errMsg":"impact: must be 0, 1, 2 or 3"}`},
			{"impact missing", "POST", "/v2/events", `{"title":"x","components":[1],"start_date":"2026-05-20T11:00:00Z"}`, `{"errMsg":"impact: is required"}`},
			{"maintenance impact 1", "POST", "/v2/events", `{"title":"x","impact":1,"components":[1],"start_date":"2026-05-21T11:00:00Z","end_date":"2026-05-21T12:00:00Z","type":"maintenance"}`, `{"errMsg":"impact: must be 0 for maintenance"}`},
			{"maintenance without end", "POST", "/v2/events", `{"title":"x","impact":0,"components":[1],"start_date":"2026-05-21T11:00:00Z","type":"maintenance"}`, `{"errMsg":"end_date: a maintenance needs an end"}`},
			{"incident in the future", "POST", "/v2/events", `{"title":"x","impact":1,"components":[1],"start_date":"2026-05-21T11:00:00Z"}`, `{"errMsg":"start_date: may not be in the future"}`},
			{"incident with end", "POST", "/v2/events", `{"title":"x","impact":1,"components":[1],"start_date":"2026-05-20T11:00:00Z","end_date":"2026-05-20T11:30:00Z"}`, ""},
			{"unknown component", "POST", "/v2/events", `{"title":"x","impact":1,"components":[42],"start_date":"2026-05-20T11:00:00Z"}`, `{"errMsg":"components: unknown component 42"}`},
			{"negative component", "POST", "/v2/events", `{"title":"x","impact":1,"components":[-1],"start_date":"2026-05-20T11:00:00Z"}`, ""},
			{"bad start", "POST", "/v2/events", `{"title":"x","impact":1,"components":[1],"start_date":"20.05.2026"}`, `{"errMsg":"start_date: must be an RFC 3339 time such as 2026-03-01T10:00:00Z, got \"20.05.2026\""}`},
			{"system maintenance", "POST", "/v2/events", `{"title":"x","impact":0,"components":[1],"start_date":"2026-05-21T11:00:00Z","end_date":"2026-05-21T12:00:00Z","type":"maintenance","system":true}`, `{"errMsg":"system: only an incident can be a system event"}`},
			{"patch without status", "PATCH", "/v2/events/1", `{"message":"x","update_date":"2026-05-20T12:00:00Z"}`, `{"errMsg":"status: is required"}`},
			{"patch without date", "PATCH", "/v2/events/1", `{"message":"x","status":"fixing"}`, `{"errMsg":"update_date: is required"}`},
			{"patch without message", "PATCH", "/v2/events/1", `{"status":"fixing","update_date":"2026-05-20T12:00:00Z"}`, `{"errMsg":"message: is required"}`},
			{"patch wrong vocabulary", "PATCH", "/v2/events/1", `{"message":"x","status":"planned","update_date":"2026-05-20T12:00:00Z"}`, ""},
			{"patch impact without impact changed", "PATCH", "/v2/events/1", `{"message":"x","status":"fixing","impact":3,"update_date":"2026-05-20T12:00:00Z"}`, `{"errMsg":"impact: changing the impact needs status \"impact changed\""}`},
			{"patch type", "PATCH", "/v2/events/1", `{"message":"x","status":"fixing","type":"info","update_date":"2026-05-20T12:00:00Z"}`, `{"errMsg":"type: an event's type cannot change; it is incident"}`},
			{"patch unknown field", "PATCH", "/v2/events/1", `{"message":"x","status":"fixing","update_date":"2026-05-20T12:00:00Z","author":"me"}`, `{"errMsg":"unknown field \"author\""}`},
			{"patch bad date", "PATCH", "/v2/events/1", `{"message":"x","status":"fixing","update_date":"noon"}`, ""},
			{"patch future date", "PATCH", "/v2/events/1", `{"message":"x","status":"fixing","update_date":"2026-05-20T14:00:00Z"}`, `{"errMsg":"update_date: may not be in the future"}`},
			{"NUL in the description", "POST", "/v2/events", `{"title":"x","description":"a\u0000","impact":1,"components":[1],"start_date":"2026-05-20T11:00:00Z"}`, `{"errMsg":"description: may not contain the NUL character (\\u0000)"}`},
			{"NUL in a message", "PATCH", "/v2/events/1", `{"message":"\u0000","status":"fixing","update_date":"2026-05-20T12:00:00Z"}`, `{"errMsg":"message: may not contain the NUL character (\\u0000)"}`},
			{"NUL in an update text", "PATCH", "/v2/events/1/updates/0", `{"text":"a\u0000b"}`, `{"errMsg":"text: may not contain the NUL character (\\u0000)"}`},
			{"NUL in a component name", "POST", "/v2/components", `{"name":"X\u0000","attrs":[{"name":"type","value":"x"},{"name":"region","value":"EU-DE"},{"name":"category","value":"Compute"}]}`, `{"errMsg":"name: may not contain the NUL character (\\u0000)"}`},
			{"extract nothing", "POST", "/v2/events/1/extract", `{"components":[]}`, `{"errMsg":"components: choose at least one component to extract"}`},
			{"update text index", "PATCH", "/v2/events/1/updates/first", `{"text":"x"}`, `{"errMsg":"index: must be a whole number, got \"first\""}`},
			{"component missing attr", "POST", "/v2/components", `{"name":"X","attrs":[{"name":"type","value":"x"},{"name":"region","value":"EU-DE"}]}`, `{"errMsg":"attrs: missing category"}`},
			{"component extra attr", "POST", "/v2/components", `{"name":"X","attrs":[{"name":"colour","value":"x"}]}`, `{"errMsg":"attrs: unknown attribute \"colour\"; want type, region and category"}`},
			{"component duplicate", "POST", "/v2/components", `{"name":"Elastic Cloud Server","attrs":[{"name":"type","value":"ecs"},{"name":"region","value":"EU-DE"},{"name":"category","value":"Compute"}]}`, `{"errMsg":"name: component \"Elastic Cloud Server\" already exists in region \"EU-DE\""}`},
			{"component type of another service", "POST", "/v2/components", `{"name":"Other","attrs":[{"name":"type","value":"ecs"},{"name":"region","value":"EU-DE"},{"name":"category","value":"Compute"}]}`, `{"errMsg":"type: type \"ecs\" belongs to service \"Elastic Cloud Server\""}`},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got := h.do(tt.method, tt.path, h.admin, tt.body)
				got.expect(t, 400, tt.want)
				if !strings.HasPrefix(got.body, `{"errMsg":`) {
					t.Errorf("body %s is not a v2 error", got.body)
				}
			})
		}
		if after := len(h.auditActors()); after != before {
			t.Errorf("rejected writes left %d audit rows", after-before)
		}
		// A new component in a new region: 201, and it is listed.
		h.do(http.MethodPost, "/v2/components", h.admin, `{"name":"Elastic Cloud Server","attrs":[{"name":"type","value":"ecs"},{"name":"region","value":"EU-CH2"},{"name":"category","value":"Compute"}]}`).
			expect(t, 201, `{"id":7,"name":"Elastic Cloud Server","attributes":[{"name":"region","value":"EU-CH2"},{"name":"category","value":"Compute"},{"name":"type","value":"ecs"}]}`)
		var components []any
		h.do(http.MethodGet, "/v2/components", "", "").decode(t, &components)
		if len(components) != 7 {
			t.Errorf("GET /v2/components lists %d, want 7", len(components))
		}
		h.do(http.MethodGet, "/v2/components/70", "", "").expect(t, 404, `{"errMsg":"component 70 does not exist"}`)
	})
}

func TestV2Availability(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s, nil, nil)
		sqlDB, err := s.SQL()
		if err != nil {
			t.Fatal(err)
		}
		// Component 1 exists for years; component 2 since 15 March 2026.
		for _, stmt := range []string{
			"UPDATE components SET created_at = '2024-01-01 00:00:00+00:00' WHERE id = 1",
			"UPDATE components SET created_at = '2026-03-15 00:00:00+00:00' WHERE id = 2",
		} {
			if _, err := sqlDB.Exec(stmt); err != nil {
				t.Fatal(err)
			}
		}
		// ECS EU-DE on 2026-05-10: minor from midnight, raised to outage at
		// 03:00, resolved at 06:00: 3 hours down (31 days in May, counted up to now).
		h.do(http.MethodPost, "/v2/events", h.operator, `{"title":"Down","impact":1,"components":[1],"start_date":"2026-05-10T00:00:00Z","type":"incident"}`).expect(t, 200, "")
		h.do(http.MethodPatch, "/v2/events/1", h.operator, `{"message":"worse","status":"impact changed","impact":3,"update_date":"2026-05-10T03:00:00Z"}`).expect(t, 200, "")
		h.do(http.MethodPatch, "/v2/events/1", h.operator, `{"message":"ok","status":"resolved","update_date":"2026-05-10T06:00:00Z"}`).expect(t, 200, "")
		var report struct {
			Data []struct {
				ID           int
				Name, Region string
				Availability []struct {
					Year, Month int
					Percentage  float64
				}
			}
		}
		got := h.do(http.MethodGet, "/v2/availability", "", "")
		got.expect(t, 200, "")
		got.decode(t, &report)
		if len(report.Data) != 6 {
			t.Fatalf("availability lists %d components, want 6", len(report.Data))
		}
		first := report.Data[0]
		if first.ID != 1 || first.Name != "Elastic Cloud Server" || first.Region != "EU-DE" || len(first.Availability) != 12 {
			t.Fatalf("first row = %+v", first)
		}
		may, april := first.Availability[0], first.Availability[1]
		// May 1 to May 20 12:00 is 468 hours; 3 of them down.
		if may.Year != 2026 || may.Month != 5 || may.Percentage != 99.35897 || april.Month != 4 || april.Percentage != 100 {
			t.Errorf("months = %+v, %+v", may, april)
		}
		if !strings.Contains(got.body, `{"year":2026,"month":5,"percentage":99.35897}`) {
			t.Errorf("wire shape: %s", got.body[:200])
		}
		// The months before a component existed are left out, not 100 %.
		if second := report.Data[1]; second.ID != 2 || len(second.Availability) != 3 || second.Availability[2].Month != 3 {
			t.Errorf("second row = %+v, want May, April and March 2026 only", second)
		}
	})
}

// PATCH cancelled ends a maintenance at its update_date (API.md), also one
// called off before it began: it starts there too.
func TestV2CancelledMaintenanceEndsAtUpdateDate(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s, nil, nil)
		h.do(http.MethodPost, "/v2/events", h.operator, `{"title":"Next week","impact":0,"components":[2],"start_date":"2026-05-27T11:00:00Z","end_date":"2026-05-27T13:00:00Z","type":"maintenance"}`).expect(t, 200, "")
		got := h.do(http.MethodPatch, "/v2/events/1", h.operator, `{"message":"Called off.","status":"cancelled","update_date":"2026-05-20T12:00:00Z"}`)
		got.expect(t, 200, "")
		var event struct {
			Status    string
			StartDate string `json:"start_date"`
			EndDate   string `json:"end_date"`
		}
		got.decode(t, &event)
		if event.Status != "cancelled" || event.StartDate != "2026-05-20T12:00:00Z" || event.EndDate != "2026-05-20T12:00:00Z" {
			t.Errorf("cancelled = %+v, want start and end at 2026-05-20T12:00:00Z", event)
		}
	})
}
