package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestMetricsCountPublicPages(t *testing.T) {
	t.Parallel()
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

// TestMetricsSeriesStayBounded: 2,000 requests with invented methods on
// invented paths, through the whole server, add a few series, not 2,000.
func TestMetricsSeriesStayBounded(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	before := requestSeries(body(t, site.get(t, "/metrics")))
	for i := range 2000 {
		method := fmt.Sprintf("M%dX", i)
		path := fmt.Sprintf("/nowhere-%d/%d", i, i*7)
		if i%2 == 0 {
			path = fmt.Sprintf("/incidents/%d", i)
		}
		site.server.Handler().ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(method, path, nil))
	}
	text := body(t, site.get(t, "/metrics"))
	if after := requestSeries(text); after > before+4 {
		t.Errorf("/metrics went from %d to %d request series after 2,000 invented methods and paths, want at most 4 more", before, after)
	}
	if !strings.Contains(text, `method="other",route="unmatched"`) {
		t.Errorf("/metrics lacks the shared label of unmatched routes and other methods")
	}
}

// requestSeries counts the series of statusdash_http_requests_total.
func requestSeries(metrics string) int {
	series := 0
	for line := range strings.Lines(metrics) {
		if strings.HasPrefix(line, "statusdash_http_requests_total{") {
			series++
		}
	}
	return series
}
