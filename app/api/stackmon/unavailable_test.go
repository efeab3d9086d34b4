package stackmon_test

import (
	"net/http"
	"testing"

	"statusdash/app/store/storetest"
)

// TestDatabaseUnavailable: with the database gone, v1 and v2 reads and
// writes answer 503 with Retry-After in their family's error body, where
// they answered 500 "internal error"; so does a write whose API token cannot
// be looked up.
func TestDatabaseUnavailable(t *testing.T) {
	t.Parallel()
	s := storetest.OpenSQLite(t)
	h := newHarness(t, s, nil, nil)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	const (
		v1Unavailable = `{"message":"the status database is unavailable; try again later"}`
		v2Unavailable = `{"errMsg":"the status database is unavailable; try again later"}`
	)
	tests := []struct {
		name, method, path, token, body, want string
	}{
		{"v1 read", http.MethodGet, "/api/v1/component_status", "", "", v1Unavailable},
		{"v1 incidents", http.MethodGet, "/v1/incidents", "", "", v1Unavailable},
		{"v1 report", http.MethodPost, "/api/v1/component_status", h.v1JWT, report("Elastic Cloud Server", "EU-DE", 2, "down"), v1Unavailable},
		{"v2 read", http.MethodGet, "/v2/events", "", "", v2Unavailable},
		{"v2 component", http.MethodGet, "/v2/components/1", "", "", v2Unavailable},
		{"v2 write", http.MethodPost, "/v2/events", h.v2JWT,
			`{"title":"API errors","impact":1,"components":[1],"start_date":"2026-05-20T11:59:00Z","type":"incident"}`, v2Unavailable},
		{"v2 write with an API token", http.MethodPatch, "/v2/events/1", h.operator, `{"impact":2}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := h.do(tt.method, tt.path, tt.token, tt.body)
			got.expect(t, http.StatusServiceUnavailable, tt.want)
			if retry := got.header.Get("Retry-After"); retry != "5" {
				t.Errorf("Retry-After = %q, want 5", retry)
			}
		})
	}
}
