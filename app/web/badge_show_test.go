package web

import (
	"encoding/xml"
	"net/http"
	"testing"

	"statusdash/app/badge"
	"statusdash/app/contrast"
)

// badgeSVG is what the tests read back from a badge.
type badgeSVG struct {
	Title     string `xml:"title"`
	AriaLabel string `xml:"aria-label,attr"`
	Rects     []struct {
		Fill string `xml:"fill,attr"`
	} `xml:"g>rect"`
	Texts []string `xml:"g>text"`
}

func TestBadges(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	tests := []struct {
		target       string
		status       int
		title        string
		label, value string
		colour       string
	}{
		{"/badge/ecs.svg", http.StatusOK, "Elastic Cloud Server: Partial outage", "Elastic Cloud Server", "Partial outage", "#bc4c00"},
		{"/badge/ecs/eu-nl.svg", http.StatusOK, "Elastic Cloud Server EU-NL: Operational", "Elastic Cloud Server EU-NL", "Operational", "#1a7f37"},
		{"/badge/obs.svg?show=status", http.StatusOK, "Object Storage: Operational", "Object Storage", "Operational", "#1a7f37"},
		// One hour of outage in the 89.5 days since 16 December: 99.953 %, shown as 99.95 %.
		{"/badge/ecs/eu-nl.svg?show=uptime", http.StatusOK, "Elastic Cloud Server EU-NL: 99.95% uptime over the last 90 days",
			"Elastic Cloud Server EU-NL uptime", "99.95%", "#1a7f37"},
		{"/badge/ecs.svg?show=status&label=compute", http.StatusOK, "compute: Partial outage", "compute", "Partial outage", "#bc4c00"},
		{"/badge/nope.svg", http.StatusNotFound, `status badge: There is no service "nope".`, "status", "not found", noDataColour},
		{"/badge/ecs/nope.svg", http.StatusNotFound, `status badge: There is no region "nope".`, "status", "not found", noDataColour},
		{"/badge/obs/eu-nl.svg", http.StatusNotFound, "status badge: Object Storage is not offered in EU-NL.", "status", "not found", noDataColour},
		{"/badge/ecs.png", http.StatusNotFound, "status badge: " + errBadgePath.Error(), "status", "not found", noDataColour},
		{"/badge/ecs.svg?show=bars", http.StatusBadRequest, `status badge: Parameter show: must be status or uptime, got "bars"`, "status", "bad request", noDataColour},
	}
	for _, tt := range tests {
		response := site.get(t, tt.target, "Accept-Encoding: gzip")
		content := body(t, response)
		if response.StatusCode != tt.status {
			t.Errorf("GET %s = %d, want %d", tt.target, response.StatusCode, tt.status)
		}
		if got := response.Header.Get("Content-Type"); got != svgContentType {
			t.Errorf("GET %s: Content-Type %q, want %s", tt.target, got, svgContentType)
		}
		// Any site may show it in an <img>, even one requiring CORP.
		if got := response.Header.Get("Cross-Origin-Resource-Policy"); got != "cross-origin" {
			t.Errorf("GET %s: Cross-Origin-Resource-Policy %q, want cross-origin", tt.target, got)
		}
		if got := response.Header.Get("Cache-Control"); got != "no-cache" {
			t.Errorf("GET %s: Cache-Control %q, want no-cache", tt.target, got)
		}
		var svg badgeSVG
		if err := xml.Unmarshal([]byte(content), &svg); err != nil {
			t.Errorf("GET %s: not XML: %v\n%s", tt.target, err, content)
			continue
		}
		if svg.Title != tt.title || svg.AriaLabel != tt.title {
			t.Errorf("GET %s: title %q, aria-label %q; want %q", tt.target, svg.Title, svg.AriaLabel, tt.title)
		}
		if len(svg.Texts) != 2 || svg.Texts[0] != tt.label || svg.Texts[1] != tt.value {
			t.Errorf("GET %s: texts %q, want %q and %q", tt.target, svg.Texts, tt.label, tt.value)
		}
		if len(svg.Rects) < 2 || svg.Rects[1].Fill != tt.colour {
			t.Errorf("GET %s: rects %+v, want the message on %s", tt.target, svg.Rects, tt.colour)
		}
	}
}

// A badge is cached like a page: an ETag, and 304 for a copy still current.
func TestBadgeConditional(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	first := site.get(t, "/badge/ecs.svg")
	etag := first.Header.Get("ETag")
	if first.StatusCode != http.StatusOK || etag == "" {
		t.Fatalf("GET = %d with ETag %q, want 200 with one", first.StatusCode, etag)
	}
	again := site.get(t, "/badge/ecs.svg", "If-None-Match: "+etag)
	if again.StatusCode != http.StatusNotModified {
		t.Errorf("GET with If-None-Match = %d, want 304", again.StatusCode)
	}
}

// Every badge colour carries its white text at WCAG AA.
func TestBadgeColoursContrast(t *testing.T) {
	t.Parallel()
	colours := map[string]string{"label": badge.LabelColour, "no data": noDataColour}
	for health, colour := range healthColours {
		colours[health.Label()] = colour
	}
	for name, hex := range colours {
		colour, err := contrast.Parse(hex)
		if err != nil {
			t.Fatal(err)
		}
		if ratio := contrast.Ratio(colour, contrast.White); ratio < contrast.AA {
			t.Errorf("%s badge colour %s: contrast %.2f:1 with white, want at least %.1f:1", name, hex, ratio, contrast.AA)
		}
	}
}
