package main

import (
	"strings"
	"testing"
	"time"
)

func TestScaleEndpoints(t *testing.T) {
	endpoints := scaleEndpoints(scaleTarget{ServiceSlug: "service-001", EventID: 42, DeepPage: 1000})
	seen := map[string]bool{}
	for _, e := range endpoints {
		if seen[e.Path] {
			t.Errorf("path %s listed twice", e.Path)
		}
		seen[e.Path] = true
	}
	// Every public GET route the issue names, with the target's records.
	want := []string{
		"/", "/history", "/availability", "/availability?region=region-04", "/services/service-001", "/incidents/42", "/rss", "/atom", "/ical",
		"/api/v2/summary.json", "/api/v2/status.json", "/api/v2/components.json", "/api/v2/incidents.json",
		"/api/v2/incidents/unresolved.json", "/api/v2/scheduled-maintenances.json",
		"/api/v2/scheduled-maintenances/upcoming.json", "/api/v2/scheduled-maintenances/active.json",
		"/api/v1/component_status", "/api/v1/incidents", "/v2/components",
		"/v2/events?limit=50&page=1", "/v2/events?limit=50&page=1000", "/v2/events/42", "/v2/availability",
		"/api/openapi.yaml",
	}
	for _, path := range want {
		if !seen[path] {
			t.Errorf("scaleEndpoints lacks %s", path)
		}
	}
	if len(endpoints) != len(want) {
		t.Errorf("scaleEndpoints lists %d endpoints, want %d", len(endpoints), len(want))
	}
}

func TestDeepEventsPage(t *testing.T) {
	tests := []struct{ events, want int }{{100000, 1000}, {50000, 500}, {5000, 50}, {100, 2}, {0, 2}}
	for _, tt := range tests {
		if got := deepEventsPage(tt.events); got != tt.want {
			t.Errorf("deepEventsPage(%d) = %d, want %d", tt.events, got, tt.want)
		}
	}
}

func TestScaleFormats(t *testing.T) {
	tests := []struct{ got, want string }{
		{duration(0), "-"},
		{duration(850 * time.Microsecond), "0.85 ms"},
		{duration(42*time.Millisecond + 340*time.Microsecond), "42.3 ms"},
		{duration(1830 * time.Millisecond), "1.83 s"},
		{seconds(249 * time.Second), "4 min 9 s"},
		{size(512), "512 B"},
		{size(6656), "6.5 KB"},
		{size(39321600), "37.5 MB"},
		{megabytes(0), "-"},
		{megabytes(1392640), "1360 MB"},
		{thousands(1000), "1,000"},
		{thousands(100000), "100,000"},
		{thousands(999), "999"},
		{p50(nil), "-"},
		{p50([]time.Duration{5 * time.Millisecond, time.Millisecond, 3 * time.Millisecond}), "3.00 ms"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("case %d: got %q, want %q", i, tt.got, tt.want)
		}
	}
}

func TestLargestResponse(t *testing.T) {
	endpoints := []endpointFigures{
		{Endpoint: scaleEndpoint{Path: "/"}, Status: 200, RawBytes: 131000},
		{Endpoint: scaleEndpoint{Path: "/api/v1/component_status"}, Status: 200, RawBytes: 39000000},
		{Endpoint: scaleEndpoint{Path: "/broken"}, Status: 500, RawBytes: 90000000},
	}
	got, ok := largestResponse(endpoints)
	if !ok || got.Path != "/api/v1/component_status" {
		t.Errorf("largestResponse = %q, %v; want /api/v1/component_status, true", got.Path, ok)
	}
	if _, ok := largestResponse(endpoints[2:]); ok {
		t.Error("largestResponse found one among failed responses only")
	}
}

func TestScaleMarkdownRows(t *testing.T) {
	h := scaleHeader{components: 1000, events: 100000}
	f := scaleFigures{
		database:  "SQLite",
		provision: provisionFigures{First: 249 * time.Second, Again: 3500 * time.Millisecond},
		endpoints: []endpointFigures{
			{Endpoint: scaleEndpoint{Path: "/v2/availability"}, Status: 200, RawBytes: 612352, GzipBytes: 40960,
				Uncached: []time.Duration{60 * time.Millisecond}, Cached: []time.Duration{1500 * time.Microsecond}, PeakKB: 102400},
			{Endpoint: scaleEndpoint{Path: "/api/v1/incidents"}, Status: 200, RawBytes: 512, GzipBytes: 300, GzipComputed: true,
				Failure: "GET: context deadline exceeded"},
			{Endpoint: scaleEndpoint{Path: "/availability"}, Status: 200, FirstStatus: 500, RawBytes: 2048, GzipBytes: 1024,
				Uncached: []time.Duration{2 * time.Second}, Cached: []time.Duration{time.Millisecond}, PeakKB: 2048},
		},
		readers: []readersFigures{{Endpoint: scaleEndpoint{Path: "/v2/availability"}, Gzipped: true,
			Result: wrkResult{RequestsPerSec: 1234.4, P50: 12 * time.Millisecond, P99: 40 * time.Millisecond, Requests: 12345}, PeakKB: 153600}},
	}
	want := []string{
		"| scale, SQLite: `bootstrap provision` of 1,000 components, 100,000 events | 4 min 9 s; the same file again 3.50 s |",
		"| scale, SQLite: `GET /v2/availability` | uncached p50 60.0 ms, cached p50 1.50 ms; 598.0 KB, 40.0 KB gzip; server peak 100 MB |",
		"| scale, SQLite: `GET /api/v1/incidents` | uncached p50 -, cached p50 -; 512 B, 300 B gzip; server peak - (sent uncompressed) (stopped: GET: context deadline exceeded) |",
		"| scale, SQLite: `GET /availability` | uncached p50 2.00 s, cached p50 1.00 ms; 2.0 KB, 1.0 KB gzip; server peak 2 MB (first request answered 500) |",
		"| scale, SQLite: 16 readers of `/v2/availability`, gzip | 1234 requests/s, p50 12.0 ms, p99 40.0 ms, 12345 requests, non-2xx 0; server peak 150 MB |",
	}
	got := scaleMarkdownRows(h, f)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("scaleMarkdownRows =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestEnoughSamples(t *testing.T) {
	tests := []struct {
		samples []time.Duration
		want    bool
	}{
		{nil, false},
		{[]time.Duration{time.Minute, time.Minute}, false},
		{[]time.Duration{time.Millisecond, time.Millisecond, time.Millisecond}, false},
		{[]time.Duration{7 * time.Second, 7 * time.Second, 7 * time.Second}, true},
	}
	for _, tt := range tests {
		if got := enoughSamples(tt.samples); got != tt.want {
			t.Errorf("enoughSamples(%v) = %v, want %v", tt.samples, got, tt.want)
		}
	}
}
