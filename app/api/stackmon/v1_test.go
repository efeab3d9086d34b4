package stackmon_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

const (
	ecsDE = `{"id":1,"name":"Elastic Cloud Server","attributes":[{"name":"region","value":"EU-DE"},{"name":"category","value":"Compute"},{"name":"type","value":"ecs"}]}`
	vpcNL = `{"id":4,"name":"Virtual Private Cloud","attributes":[{"name":"region","value":"EU-NL"},{"name":"category","value":"Network"},{"name":"type","value":"vpc"}]}`
)

func report(name, region string, impact int, text string) string {
	return fmt.Sprintf(`{"name":%q,"impact":%d,"text":%q,"attributes":[{"name":"region","value":%q}]}`, name, impact, text, region)
}

// TestV1Rules walks the system-incident rules one by one, as the OpenAPI document's POST component_status states them.
func TestV1Rules(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s, nil, nil)
		post := func(body string) response { return h.do(http.MethodPost, "/api/v1/component_status", h.v1JWT, body) }

		// Rule 5: nothing open, a new system incident opens.
		post(report("Elastic Cloud Server", "EU-DE", 1, "Slow disks")).expect(t, http.StatusCreated,
			`{"id":1,"text":"Slow disks","impact":1,"start_date":"2026-05-20 12:00","end_date":null,"updates":[
			 {"status":"detected","text":"Elastic Cloud Server (EU-DE) added to Slow disks","timestamp":"2026-05-20 12:00"}]}`)
		// Rule 5: it joins the open system incident of the impact (the extra key is ignored).
		post(`{"name":"Virtual Private Cloud","impact":1,"source":"apimon","attributes":[{"name":"region","value":"EU-DE"},{"name":"type","value":"vpc"}]}`).expect(t, http.StatusCreated,
			`{"id":1,"text":"Slow disks","impact":1,"start_date":"2026-05-20 12:00","end_date":null,"updates":[
			 {"status":"detected","text":"Elastic Cloud Server (EU-DE) added to Slow disks","timestamp":"2026-05-20 12:00"},
			 {"status":"SYSTEM","text":"Virtual Private Cloud (EU-DE) added to Slow disks","timestamp":"2026-05-20 12:00"}]}`)
		// Rule 3: a system incident of at least the impact: 409.
		post(report("Elastic Cloud Server", "EU-DE", 1, "")).expect(t, http.StatusConflict,
			`{"message":"Incident with this component already exists","targetComponent":`+ecsDE+`,
			  "existingIncidentId":1,"existingIncidentTitle":"Slow disks",
			  "details":"Elastic Cloud Server (EU-DE) is in incident 1 (impact minor, managed by the monitoring), which is at least the requested impact minor"}`)
		// Rule 4: shared incident, no major one: the component moves to a new incident.
		h.advance(60e9)
		post(report("Elastic Cloud Server", "EU-DE", 2, "")).expect(t, http.StatusCreated,
			`{"id":2,"text":"Incident","impact":2,"start_date":"2026-05-20 12:01","end_date":null,"updates":[
			 {"status":"detected","text":"Elastic Cloud Server (EU-DE) added to Incident","timestamp":"2026-05-20 12:01"},
			 {"status":"SYSTEM","text":"Elastic Cloud Server (EU-DE) moved from <a href='/incidents/1'>Slow disks</a>","timestamp":"2026-05-20 12:01"}]}`)
		// Rule 4: the only component, a major one exists: moves there, the old one closes.
		h.advance(60e9)
		got := post(report("Virtual Private Cloud", "EU-DE", 2, ""))
		got.expect(t, http.StatusCreated, "")
		var moved struct {
			ID      uint `json:"id"`
			Updates []struct{ Status, Text string }
		}
		got.decode(t, &moved)
		if moved.ID != 2 || moved.Updates[len(moved.Updates)-1].Text != "Virtual Private Cloud (EU-DE) moved from <a href='/incidents/1'>Slow disks</a>" {
			t.Errorf("move to existing answered %s", got.body)
		}
		h.do(http.MethodGet, "/v2/events/1", "", "").expect(t, http.StatusOK,
			`{"id":1,"title":"Slow disks","description":"","impact":1,"components":[],"start_date":"2026-05-20T12:00:00Z",
			  "end_date":"2026-05-20T12:02:00Z","system":true,"type":"incident","status":"resolved","updates":[
			  {"id":0,"status":"detected","text":"Elastic Cloud Server (EU-DE) added to Slow disks","timestamp":"2026-05-20T12:00:00Z"},
			  {"id":1,"status":"SYSTEM","text":"Virtual Private Cloud (EU-DE) added to Slow disks","timestamp":"2026-05-20T12:00:00Z"},
			  {"id":2,"status":"SYSTEM","text":"Elastic Cloud Server (EU-DE) moved to <a href='/incidents/2'>Incident</a>","timestamp":"2026-05-20T12:01:00Z"},
			  {"id":3,"status":"SYSTEM","text":"Virtual Private Cloud (EU-DE) moved to <a href='/incidents/2'>Incident</a>","timestamp":"2026-05-20T12:02:00Z"},
			  {"id":4,"status":"resolved","text":"closed: its last component moved to <a href='/incidents/2'>Incident</a>","timestamp":"2026-05-20T12:02:00Z"}]}`)
		// Rule 4: the only component, no incident of the impact: the impact is raised.
		post(report("Object Storage Service", "EU-DE", 1, "OBS errors")).expect(t, http.StatusCreated, "")
		post(report("Object Storage Service", "EU-DE", 3, "")).expect(t, http.StatusCreated,
			`{"id":3,"text":"OBS errors","impact":3,"start_date":"2026-05-20 12:02","end_date":null,"updates":[
			 {"status":"detected","text":"Object Storage Service (EU-DE) added to OBS errors","timestamp":"2026-05-20 12:02"},
			 {"status":"SYSTEM","text":"impact changed from minor to outage","timestamp":"2026-05-20 12:02"}]}`)
		// Rule 2: a person's incident of at least the impact: 409; of a lower impact: ignored.
		h.do(http.MethodPost, "/v2/events", h.operator,
			`{"title":"OBS slow","impact":2,"components":[6],"start_date":"2026-05-20T11:00:00Z","type":"incident"}`).expect(t, http.StatusOK,
			`{"result":[{"component_id":6,"incident_id":4}]}`)
		conflict := post(report("Object Storage Service", "EU-NL", 2, ""))
		conflict.expect(t, http.StatusConflict, "")
		if !strings.Contains(conflict.body, `"existingIncidentId":4`) || !strings.Contains(conflict.body, "managed by a person") {
			t.Errorf("person's incident conflict = %s", conflict.body)
		}
		joined := post(report("Object Storage Service", "EU-NL", 3, ""))
		joined.expect(t, http.StatusCreated, "")
		if !strings.HasPrefix(joined.body, `{"id":3,`) || !strings.Contains(joined.body, "Object Storage Service (EU-NL) added to OBS errors") {
			t.Errorf("higher impact than the person's incident = %s", joined.body)
		}
		h.do(http.MethodGet, "/v2/events/4", "", "").decode(t, &moved)
		var person struct{ Components []int }
		h.do(http.MethodGet, "/v2/events/4", "", "").decode(t, &person)
		if !slices.Equal(person.Components, []int{6}) {
			t.Errorf("the person's incident changed: components %v", person.Components)
		}
		// Rule 1: a component in an active maintenance: 201 with it, nothing changes.
		h.do(http.MethodPost, "/v2/events", h.operator,
			`{"title":"Router upgrade","impact":0,"components":[4],"start_date":"2026-05-20T11:30:00Z","end_date":"2026-05-20T14:00:00Z","type":"maintenance"}`).expect(t, http.StatusOK,
			`{"result":[{"component_id":4,"incident_id":5}]}`)
		before := len(h.auditActors())
		post(report("Virtual Private Cloud", "EU-NL", 3, "")).expect(t, http.StatusCreated,
			`{"id":5,"text":"Router upgrade","impact":0,"start_date":"2026-05-20 11:30","end_date":"2026-05-20 14:00","updates":[
			 {"status":"planned","text":"The maintenance is planned.","timestamp":"2026-05-20 12:02"}]}`)
		if after := len(h.auditActors()); after != before {
			t.Errorf("the maintenance answer wrote %d audit rows", after-before)
		}
		// The writes are audited under the credential's name.
		if actors := h.auditActors(); !slices.Contains(actors, "jwt:jwt event.report") || !slices.Contains(actors, "token:ops-script event.create") {
			t.Errorf("audit actors = %v", actors)
		}
	})
}

func TestV1Reads(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s, nil, nil)
		h.do(http.MethodPost, "/v1/component_status", h.v1JWT, report("Virtual Private Cloud", "EU-NL", 2, "Packet loss")).expect(t, http.StatusCreated, "")
		incident := `{"id":1,"text":"Packet loss","impact":2,"start_date":"2026-05-20 12:00","end_date":null,"updates":[
			{"status":"detected","text":"Virtual Private Cloud (EU-NL) added to Packet loss","timestamp":"2026-05-20 12:00"}]}`
		for _, prefix := range []string{"/api/v1", "/v1"} {
			h.do(http.MethodGet, prefix+"/incidents", "", "").expect(t, http.StatusOK, "["+incident+"]")
			h.do(http.MethodGet, prefix+"/component_status?attribute_name=region&attribute_value=EU-NL&name=Virtual", "", "").expect(t, http.StatusOK,
				strings.TrimSuffix(vpcNL, "}")+`,"incidents":[`+incident+`]}`)
		}
		var list []struct {
			ID        int
			Name      string
			Incidents []any
		}
		h.do(http.MethodGet, "/api/v1/component_status", "", "").decode(t, &list)
		if len(list) != 6 || list[0].Incidents == nil || len(list[3].Incidents) != 1 {
			t.Errorf("component_status = %+v", list)
		}
		h.do(http.MethodGet, "/api/v1/component_status?name=Elastic", "", "").decode(t, &list)
		if len(list) != 2 || list[0].Name != "Elastic Cloud Server" {
			t.Errorf("name prefix = %+v", list)
		}
		h.do(http.MethodGet, "/api/v1/component_status?name=Nope", "", "").expect(t, http.StatusOK, `[]`)
		h.do(http.MethodGet, "/api/v1/component_status?attribute_name=region&attribute_value=EU-XX", "", "").expect(t, http.StatusNotFound,
			`{"message":"Component does not exist"}`)
		h.do(http.MethodGet, "/api/v1/component_status?attribute_name=region", "", "").expect(t, http.StatusBadRequest,
			`{"message":"attribute_name and attribute_value go together"}`)
	})
}

func TestV1BadInput(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s, nil, nil)
		tests := []struct {
			name   string
			body   string
			status int
			want   string
		}{
			{"unknown component", report("Nope", "EU-DE", 1, ""), 404, `{"message":"Component does not exist"}`},
			{"unknown region", report("Elastic Cloud Server", "EU-XX", 1, ""), 404, `{"message":"Component does not exist"}`},
			{"unknown attribute", `{"name":"Elastic Cloud Server","impact":1,"attributes":[{"name":"colour","value":"red"}]}`, 404, `{"message":"Component does not exist"}`},
			{"ambiguous", `{"name":"Elastic Cloud Server","impact":1}`, 400, `{"message":"2 components are named \"Elastic Cloud Server\" with these attributes; add a region attribute"}`},
			{"impact 0", report("Elastic Cloud Server", "EU-DE", 0, ""), 400, `{"message":"impact: must be 1 (minor), 2 (major) or 3 (outage)"}`},
			{"impact 4", report("Elastic Cloud Server", "EU-DE", 4, ""), 400, `{"message":"impact: must be 1 (minor), 2 (major) or 3 (outage)"}`},
			{"impact missing", `{"name":"Elastic Cloud Server","attributes":[{"name":"region","value":"EU-DE"}]}`, 400, `{"message":"impact: must be 1 (minor), 2 (major) or 3 (outage)"}`},
			{"impact not a number", `{"name":"Elastic Cloud Server","impact":"high"}`, 400, ""},
			{"impact fraction", `{"name":"Elastic Cloud Server","impact":1.5}`, 400, `{"message":"impact: must be 1 (minor), 2 (major) or 3 (outage)"}`},
			{"name missing", `{"impact":1}`, 400, `{"message":"name: is required"}`},
			{"name not a string", `{"name":7,"impact":1}`, 400, `{"message":"name: must be a string, not number"}`},
			{"title too long", report("Elastic Cloud Server", "EU-DE", 1, strings.Repeat("x", 201)), 400, `{"message":"text: may have at most 200 characters"}`},
			{"malformed", `{"name":`, 400, `{"message":"malformed JSON: the body ends too early"}`},
			{"not an object", `[1]`, 400, `{"message":"the body must be a JSON object, not array"}`},
			{"trailing data", `{"name":"x","impact":1} {}`, 400, `{"message":"malformed JSON: unexpected data after the object"}`},
			{"empty", ``, 400, `{"message":"the request body is empty; send a JSON object"}`},
			{"NUL in the title", `{"name":"Elastic Cloud Server","impact":1,"text":"a\u0000b","attributes":[{"name":"region","value":"EU-DE"}]}`, 400, `{"message":"text: may not contain the NUL character (\\u0000)"}`},
			{"NUL in an attribute", `{"name":"Elastic Cloud Server","impact":1,"attributes":[{"name":"region","value":"EU-DE\u0000"}]}`, 400, `{"message":"attributes[0].value: may not contain the NUL character (\\u0000)"}`},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got := h.do(http.MethodPost, "/api/v1/component_status", h.v1JWT, tt.body)
				got.expect(t, tt.status, tt.want)
				if !strings.HasPrefix(got.body, `{"message":`) {
					t.Errorf("body %s is not a v1 error", got.body)
				}
			})
		}
		if actors := h.auditActors(); len(actors) != 3 { // the harness's catalog and two tokens
			t.Errorf("bad input wrote: %v", actors)
		}
	})
}
