package web

import (
	"net/http"
	"strings"
	"testing"
)

func TestMetricsCountPublicPages(t *testing.T) {
	site := newTestSite(t)
	site.get(t, "/")
	site.get(t, "/incidents/999999")
	response := site.get(t, "/metrics")
	if response.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics = %d", response.StatusCode)
	}
	text := body(t, response)
	for _, want := range []string{
		`statusdash_http_requests_total{code="200",method="GET",route="/"} 1`,
		`statusdash_http_requests_total{code="404",method="GET",route="/incidents/:id"} 1`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
