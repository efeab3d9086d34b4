package typed_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	statusdashv1 "statusdash/app/api/gen/statusdash/v1"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// reportStep is one report, by component, or by service name and region.
type reportStep struct {
	component uint32
	name      string
	region    string
	impact    int // 1..3, as in v1
	// person opens a person's incident (POST /v2/events) instead of reporting.
	person bool
	// maintenance opens a maintenance window instead.
	maintenance bool
}

// TestReportRulesMatchV1 runs the same reports through POST
// /v1/component_status on one database and ReportComponent on another: each
// answer matches (201 OK, 409 already_exists, 404 not_found, 400
// invalid_argument) and both leave the same incidents.
func TestReportRulesMatchV1(t *testing.T) {
	tests := []struct {
		name  string
		steps []reportStep
		want  []string // v1 status per step
	}{
		{"opens then joins", []reportStep{{component: 1, impact: 1}, {component: 3, impact: 1}}, []string{"201", "201"}},
		{"same impact conflicts", []reportStep{{component: 1, impact: 2}, {component: 1, impact: 2}}, []string{"201", "409"}},
		{"lower impact conflicts", []reportStep{{component: 1, impact: 3}, {component: 1, impact: 1}}, []string{"201", "409"}},
		{"higher impact raises", []reportStep{{component: 1, impact: 1}, {component: 1, impact: 3}}, []string{"201", "201"}},
		{"shared incident splits", []reportStep{{component: 1, impact: 1}, {component: 2, impact: 1}, {component: 1, impact: 2}}, []string{"201", "201", "201"}},
		{"person's incident conflicts", []reportStep{{component: 2, impact: 2, person: true}, {component: 2, impact: 2}, {component: 2, impact: 3}}, []string{"", "409", "201"}},
		{"maintenance wins", []reportStep{{component: 4, maintenance: true}, {component: 4, impact: 3}}, []string{"", "201"}},
		{"by name and region", []reportStep{{name: "Virtual Private Cloud", region: "EU-NL", impact: 2}}, []string{"201"}},
		{"unknown component", []reportStep{{name: "Nothing", region: "EU-DE", impact: 2}}, []string{"404"}},
		{"ambiguous name", []reportStep{{name: "Elastic Cloud Server", impact: 2}}, []string{"400"}},
		{"impact out of range", []reportStep{{component: 1, impact: 4}}, []string{"400"}},
	}
	codes := map[string]string{"201": "ok", "409": "already_exists", "404": "not_found", "400": "invalid_argument"}
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel() // two databases of its own
				v1, rpc := newHarness(t, storeLike(t, s)), newHarness(t, storeLike(t, s))
				names := map[uint32][2]string{1: {"Elastic Cloud Server", "EU-DE"}, 2: {"Elastic Cloud Server", "EU-NL"}, 3: {"Virtual Private Cloud", "EU-DE"}, 4: {"Virtual Private Cloud", "EU-NL"}}
				c := rpc.clients(protocols[2])
				for i, step := range tt.steps {
					switch {
					case step.person:
						body := fmt.Sprintf(`{"title":"person","impact":%d,"components":[%d],"start_date":"2026-05-20T11:00:00Z","type":"incident"}`, step.impact, step.component)
						for _, h := range []*harness{v1, rpc} {
							if status, answer := httpDo(t, h, "POST", "/v2/events", h.operator, body); status != 200 {
								t.Fatalf("person's incident: %d %s", status, answer)
							}
						}
						continue
					case step.maintenance:
						body := fmt.Sprintf(`{"title":"upgrade","impact":0,"components":[%d],"start_date":"2026-05-20T11:00:00Z","end_date":"2026-05-20T14:00:00Z","type":"maintenance"}`, step.component)
						for _, h := range []*harness{v1, rpc} {
							if status, answer := httpDo(t, h, "POST", "/v2/events", h.operator, body); status != 200 {
								t.Fatalf("maintenance: %d %s", status, answer)
							}
						}
						continue
					}
					name, region := step.name, step.region
					if step.component != 0 {
						name, region = names[step.component][0], names[step.component][1]
					}
					attrs := `[]`
					if region != "" {
						attrs = fmt.Sprintf(`[{"name":"region","value":%q}]`, region)
					}
					status, body := httpDo(t, v1, "POST", "/v1/component_status", v1.jwt, fmt.Sprintf(`{"name":%q,"impact":%d,"attributes":%s}`, name, step.impact, attrs))
					if got := fmt.Sprint(status); got != tt.want[i] {
						t.Fatalf("step %d v1: got %d %s, want %s", i, status, body, tt.want[i])
					}
					req := &statusdashv1.ReportComponentRequest{Name: name, Impact: statusdashv1.Impact(step.impact + 1)}
					if step.impact > 3 {
						req.Impact = statusdashv1.Impact(99)
					}
					if region != "" {
						req.Attributes = []*statusdashv1.Attribute{{Name: "region", Value: region}}
					}
					_, err := c.reports.ReportComponent(context.Background(), request(req, rpc.operator))
					got := "ok"
					if err != nil {
						got = codeOf(err).String()
					}
					if got != codes[tt.want[i]] {
						t.Fatalf("step %d rpc: got %v, want %s (v1 answered %d)", i, err, codes[tt.want[i]], status)
					}
					if got == "already_exists" && !strings.Contains(err.Error(), "component_id: ") {
						t.Errorf("already_exists message names no field: %v", err)
					}
				}
				if a, b := openIncidents(t, v1), openIncidents(t, rpc); !slices.Equal(a, b) {
					t.Errorf("open incidents differ: v1 %v, rpc %v", a, b)
				}
			})
		}
	})
}

// storeLike opens a fresh database of s's dialect.
func storeLike(t *testing.T, s *store.Storage) *store.Storage {
	t.Helper()
	if s.Dialect() == "postgres" {
		return storetest.OpenPostgres(t)
	}
	return storetest.OpenSQLite(t)
}

// openIncidents describes the open incidents: impact and components.
func openIncidents(t *testing.T, h *harness) []string {
	t.Helper()
	events, _, err := h.store.APIEvents(context.Background(), store.APIEventFilter{Active: true, Page: 1, PerPage: 50}, h.clock())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range events {
		var ids []uint
		for _, c := range e.Components {
			ids = append(ids, c.ID)
		}
		slices.Sort(ids)
		out = append(out, fmt.Sprintf("%s %d %v system=%v", e.Type, e.Impact, ids, e.System))
	}
	slices.Sort(out)
	return out
}

// httpDo sends a JSON request to the JSON API.
func httpDo(t *testing.T, h *harness, method, path, token, body string) (int, string) {
	t.Helper()
	return send(t, h, method, path, "application/json", token, body)
}
