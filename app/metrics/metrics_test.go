package metrics

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

func TestMiddlewareCountsByRouteAndStatus(t *testing.T) {
	m := New()
	e := echo.New()
	e.Use(m.Middleware)
	e.GET("/incidents/:id", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	e.GET("/broken", func(c echo.Context) error { return errors.New("boom") })
	e.GET("/metrics", echo.WrapHandler(m.Handler()))
	for _, path := range []string{"/incidents/1", "/incidents/2", "/broken", "/nowhere"} {
		e.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, path, nil))
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, want := range []string{
		`statusdash_http_requests_total{code="200",method="GET",route="/incidents/:id"} 2`,
		`statusdash_http_requests_total{code="500",method="GET",route="/broken"} 1`,
		`statusdash_http_requests_total{code="404",method="GET",route="unmatched"} 1`,
		`statusdash_http_request_duration_seconds_count{route="/incidents/:id"} 2`,
		`go_goroutines`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// TestRequestLabelsStayBounded sends 2,000 requests with invented methods
// on invented paths, and on a known route: they share one method label and
// one route label, so /metrics keeps a handful of series whatever clients send.
func TestRequestLabelsStayBounded(t *testing.T) {
	m := New()
	e := echo.New()
	e.Use(m.Middleware)
	e.GET("/incidents/:id", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	e.GET("/metrics", echo.WrapHandler(m.Handler()))
	random := rand.New(rand.NewPCG(1, 2))
	token := func() string {
		const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
		b := make([]byte, 3+random.IntN(12))
		for i := range b {
			b[i] = letters[random.IntN(len(letters))]
		}
		return string(b)
	}
	const requests = 2000
	for i := range requests {
		path := "/" + token() + "/" + token()
		if i%2 == 0 {
			path = "/incidents/" + token()
		}
		e.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(token(), path, nil))
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body := rec.Body.String()
	series := 0
	for line := range strings.Lines(body) {
		if strings.HasPrefix(line, "statusdash_http_requests_total{") {
			series++
		}
	}
	if series > 4 {
		t.Errorf("/metrics has %d request series after %d requests with invented methods and paths, want at most 4", series, requests)
	}
	for _, want := range []string{
		fmt.Sprintf(`statusdash_http_requests_total{code="404",method="other",route="unmatched"} %d`, requests/2),
		fmt.Sprintf(`statusdash_http_requests_total{code="405",method="other",route="/incidents/:id"} %d`, requests/2),
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestMethodLabel(t *testing.T) {
	tests := []struct{ method, want string }{
		{"GET", "GET"}, {"HEAD", "HEAD"}, {"POST", "POST"}, {"PUT", "PUT"}, {"PATCH", "PATCH"},
		{"DELETE", "DELETE"}, {"OPTIONS", "OPTIONS"}, {"CONNECT", "CONNECT"}, {"TRACE", "TRACE"},
		{"get", "other"}, {"PROPFIND", "other"}, {"M1", "other"}, {"", "other"},
	}
	for _, tt := range tests {
		if got := methodLabel(tt.method); got != tt.want {
			t.Errorf("methodLabel(%q) = %q, want %q", tt.method, got, tt.want)
		}
	}
}
