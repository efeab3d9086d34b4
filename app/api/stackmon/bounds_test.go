package stackmon_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// repeat joins n copies of item with sep.
func repeat(item, sep string, n int) string {
	return strings.TrimSuffix(strings.Repeat(item+sep, n), sep)
}

// TestListParametersAreBounded sends lists longer than any database takes as
// parameters: each is a 400 naming the field, never a 500, and writes nothing.
func TestListParametersAreBounded(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s, nil, nil)
		h.do(http.MethodPost, "/v2/events", h.operator, `{"title":"Disk","impact":2,"components":[1,2],"start_date":"2026-05-20T11:00:00Z"}`).expect(t, 200, "")
		before := len(h.auditActors())
		distinct := make([]string, 70000)
		for i := range distinct {
			distinct[i] = strconv.Itoa(i + 1)
		}
		ids := strings.Join(distinct, ",")
		tests := []struct {
			name, method, path, token, body string
			status                          int
			want                            string
		}{
			{"listed components", "GET", "/v2/events?components=" + ids, "", "", 400,
				`{"errMsg":"components: may list at most 1000 components, got 70000"}`},
			{"listed components at the bound", "GET", "/v2/events?components=" + repeat("1", ",", 1000), "", "", 200, ""},
			{"repeated types", "GET", "/v2/events?type=" + repeat("incident", ",", 70000), "", "", 200, ""},
			{"new event", "POST", "/v2/events", h.operator,
				`{"title":"x","impact":1,"components":[` + ids + `],"start_date":"2026-05-20T11:00:00Z"}`, 400,
				`{"errMsg":"components: may list at most 1000 components"}`},
			{"new system event", "POST", "/v2/events", h.operator,
				`{"title":"x","impact":1,"system":true,"components":[` + ids + `],"start_date":"2026-05-20T11:00:00Z"}`, 400,
				`{"errMsg":"components: may list at most 1000 components"}`},
			{"alias of new event", "POST", "/v2/incidents", h.operator,
				`{"title":"x","impact":1,"components":[` + ids + `],"start_date":"2026-05-20T11:00:00Z"}`, 400,
				`{"errMsg":"components: may list at most 1000 components"}`},
			{"extract", "POST", "/v2/events/1/extract", h.operator, `{"components":[` + ids + `]}`, 400,
				`{"errMsg":"components: may list at most 1000 components"}`},
			{"v1 report attributes", "POST", "/v1/component_status", h.v1JWT,
				`{"name":"Elastic Cloud Server","impact":1,"attributes":[` + repeat(`{"name":"region","value":"E"}`, ",", 33000) + `]}`, 400,
				`{"message":"attributes: may list at most 10 attributes, got 33000"}`},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h.do(tt.method, tt.path, tt.token, tt.body).expect(t, tt.status, tt.want)
			})
		}
		if after := len(h.auditActors()); after != before {
			t.Errorf("refused lists left %d audit rows", after-before)
		}
	})
}

// TestEventListPageBound: a page whose offset would overflow is a 400 naming
// page, as /history answers; a far page within the bound is empty.
func TestEventListPageBound(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s, nil, nil)
		h.do(http.MethodPost, "/v2/events", h.operator, `{"title":"Disk","impact":2,"components":[1],"start_date":"2026-05-20T11:00:00Z"}`).expect(t, 200, "")
		h.do(http.MethodGet, "/v2/events?page=368934881474191033", "", "").expect(t, 400,
			`{"errMsg":"page: must be a whole number from 1 to 100000, got \"368934881474191033\""}`)
		h.do(http.MethodGet, "/v2/events?page=99999999999999999999999", "", "").expect(t, 400,
			`{"errMsg":"page: must be a whole number from 1 to 100000, got \"99999999999999999999999\""}`)
		h.do(http.MethodGet, "/v2/events?page=100000", "", "").expect(t, 200,
			`{"data":[],"pagination":{"pageIndex":100000,"recordsPerPage":50,"totalRecords":1,"totalPages":1}}`)
	})
}
