// Package metrics exposes statusdash's Prometheus metrics: HTTP requests by
// route and status, their durations, and the Go runtime. Each server builds
// its own registry; nothing is registered globally.
package metrics

import (
	"fmt"
	"maps"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds one registry and the collectors statusdash updates.
type Metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	labelled labelledCollectors
}

// maxLabelled bounds the label sets whose collectors are kept, as a guard:
// routes, methods and codes are bounded already.
const maxLabelled = 1024

// requestLabels is one label set of the request metrics.
type requestLabels struct {
	route, method string
	code          int
}

// requestCollectors are the collectors of one label set.
type requestCollectors struct {
	requests prometheus.Counter
	duration prometheus.Observer
}

// labelledCollectors keeps the collectors already looked up per label set:
// WithLabelValues formats the code, hashes the labels and takes a lock on
// every call, which showed in the profile of every cached page. Reads load
// an immutable map; a new label set (rare) copies it.
type labelledCollectors struct {
	mu      sync.Mutex // serialises copies
	current atomic.Pointer[map[requestLabels]requestCollectors]
}

// New builds a registry with the HTTP and Go runtime collectors.
func New() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "statusdash_http_requests_total",
			Help: "HTTP requests answered, by route, method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "statusdash_http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by route.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
	}
	m.registry.MustRegister(m.requests, m.duration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Label values for requests whose route or method the label set does not name.
const (
	UnmatchedRoute = "unmatched"
	OtherMethod    = "other"
)

// Middleware counts and times every request. Routes are the registered
// patterns ("/incidents/:id") and methods the standard ones, each other
// value sharing one label, so clients cannot grow the label set.
func (m *Metrics) Middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err) // let the error handler write the status we record
		}
		route := c.Path()
		if route == "" {
			route = UnmatchedRoute
		}
		collectors := m.collectors(requestLabels{route: route, method: methodLabel(c.Request().Method), code: c.Response().Status})
		collectors.requests.Inc()
		collectors.duration.Observe(time.Since(start).Seconds())
		return nil
	}
}

// methodLabel is the method's label value: the method itself when HTTP
// defines it, else OtherMethod.
func methodLabel(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return method
	}
	return OtherMethod
}

// collectors returns the collectors of labels, looking them up once.
func (m *Metrics) collectors(labels requestLabels) requestCollectors {
	if known := m.labelled.current.Load(); known != nil {
		if collectors, ok := (*known)[labels]; ok {
			return collectors
		}
	}
	collectors := requestCollectors{
		requests: m.requests.WithLabelValues(labels.route, labels.method, strconv.Itoa(labels.code)),
		duration: m.duration.WithLabelValues(labels.route),
	}
	m.labelled.mu.Lock()
	defer m.labelled.mu.Unlock()
	var known map[requestLabels]requestCollectors
	if current := m.labelled.current.Load(); current != nil {
		known = *current
	}
	if len(known) < maxLabelled {
		next := make(map[requestLabels]requestCollectors, len(known)+1)
		maps.Copy(next, known)
		next[labels] = collectors
		m.labelled.current.Store(&next)
	}
	return collectors
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// Register adds collectors of other parts (a monitoring worker's) to the
// registry /metrics serves.
func (m *Metrics) Register(collectors ...prometheus.Collector) error {
	for _, collector := range collectors {
		if err := m.registry.Register(collector); err != nil {
			return fmt.Errorf("metrics: register: %w", err)
		}
	}
	return nil
}
