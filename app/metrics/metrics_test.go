package metrics

import (
	"errors"
	"fmt"
	"io"
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

func TestMiddlewareCountsBeyondTheKeptLabelSets(t *testing.T) {
	m := New()
	e := echo.New()
	e.Use(m.Middleware)
	e.GET("/metrics", echo.WrapHandler(m.Handler()))
	// Clients choose the method: more label sets than are kept are still counted.
	for i := range maxLabelled + 10 {
		for range 2 {
			e.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(fmt.Sprintf("M%d", i), "/nowhere", nil))
		}
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, method := range []string{"M0", fmt.Sprintf("M%d", maxLabelled-1), fmt.Sprintf("M%d", maxLabelled+9)} {
		want := fmt.Sprintf(`statusdash_http_requests_total{code="404",method=%q,route="unmatched"} 2`, method)
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	want := fmt.Sprintf(`statusdash_http_request_duration_seconds_count{route="unmatched"} %d`, 2*(maxLabelled+10))
	if !strings.Contains(string(body), want) {
		t.Errorf("metrics lack %s", want)
	}
}
