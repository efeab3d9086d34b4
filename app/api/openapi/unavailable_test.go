package openapi_test

import (
	"net/http"
	"testing"
)

// TestUnavailableAnswersMatchTheDocument: with the database gone, the 503s
// of stackmon and the Statuspage files, and a file's last good copy, are
// the answers the document describes, Retry-After included.
func TestUnavailableAnswersMatchTheDocument(t *testing.T) {
	c := newContract(t, 0)
	c.run(exchange{method: http.MethodGet, path: "/api/v2/summary.json", want: http.StatusOK})
	if err := c.store.Close(); err != nil {
		t.Fatal(err)
	}
	report := `{"name":"Elastic Cloud Server","impact":2,"attributes":[{"name":"region","value":"EU-DE"}]}`
	event := `{"title":"API errors","impact":1,"components":[1],"start_date":"2026-03-10T11:59:00Z","type":"incident"}`
	for _, x := range []exchange{
		{method: http.MethodGet, path: "/api/v1/component_status", want: http.StatusServiceUnavailable},
		{method: http.MethodPost, path: "/v1/component_status", credential: "v1", body: report, want: http.StatusServiceUnavailable},
		{method: http.MethodGet, path: "/v2/events", want: http.StatusServiceUnavailable},
		{method: http.MethodPost, path: "/v2/events", credential: "v2", body: event, want: http.StatusServiceUnavailable},
		{method: http.MethodGet, path: "/api/v2/status.json", want: http.StatusServiceUnavailable},
		{method: http.MethodGet, path: "/status", want: http.StatusServiceUnavailable},
		{method: http.MethodGet, path: "/api/v2/summary.json", want: http.StatusOK}, // the last good copy
	} {
		c.run(x)
	}
}
