package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"statusdash/app/bootstrap"
	"statusdash/app/monitor/decide"
)

// The overview's cells as templates/pages/overview.html writes them, with
// the banner and legend around, whose health classes belong to no cell.
const overviewPage = `<section class="banner banner--outage"><h1><span class="health health--outage health--large">Major outage</span></h1></section>
<table><tr><th scope="row"><a href="/services/monitored">Monitored Service</a></th>` +
	`<td data-label="Run 1"><a href="/incidents/42"><span class="health health--outage">Major outage</span></a></td>` +
	`<td data-label="Run 2"><span class="health health--operational">Operational</span></td>` +
	`<td data-label="Run &amp; Co"><span class="health health--minor">Degraded performance</span></td>` +
	`<td data-label="Run 4"><span class="absent">Not offered</span></td></tr></table>
<ul><li><span class="health health--outage">Major outage</span>: not available.</li></ul>`

func TestFindCell(t *testing.T) {
	tests := []struct {
		region  string
		want    overviewCell
		wantErr string
	}{
		{"Run 1", overviewCell{Health: "outage", IncidentID: 42}, ""},
		{"Run 2", overviewCell{Health: "operational"}, ""},
		{"Run & Co", overviewCell{Health: "minor"}, ""},
		{"Run 4", overviewCell{}, "shows no health"},
		{"Run 5", overviewCell{}, "no cell"},
	}
	for _, tt := range tests {
		got, err := findCell([]byte(overviewPage), tt.region)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("findCell(%q): got %+v, %v; want an error with %q", tt.region, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("findCell(%q) = %+v, %v; want %+v", tt.region, got, err, tt.want)
		}
	}
}

func TestAimsFor(t *testing.T) {
	tests := []struct {
		interval time.Duration
		rules    decide.Rules
		want     detectAims
	}{
		{10 * time.Second, decide.DefaultRules(), detectAims{down: 32 * time.Second, up: 22 * time.Second}},
		{time.Minute, decide.Rules{FailuresToReport: 1, SuccessesToRecover: 4}, detectAims{down: 62 * time.Second, up: 242 * time.Second}},
	}
	for _, tt := range tests {
		if got := aimsFor(tt.interval, tt.rules); got != tt.want {
			t.Errorf("aimsFor(%s, %+v) = %+v, want %+v", tt.interval, tt.rules, got, tt.want)
		}
	}
}

// The catalog is valid and offers the service in one region per run.
func TestDetectCatalog(t *testing.T) {
	for _, runs := range []int{1, 3} {
		catalog, err := bootstrap.Parse([]byte(detectCatalog(runs)), time.Now())
		if err != nil {
			t.Fatalf("detectCatalog(%d): %v", runs, err)
		}
		if got := len(catalog.Components); got != runs {
			t.Errorf("detectCatalog(%d) has %d components, want %d", runs, got, runs)
		}
		for run := 1; run <= runs; run++ {
			if !strings.Contains(detectCatalog(runs), "name: "+detectRegion(run)+"\n") {
				t.Errorf("detectCatalog(%d) lacks region %q", runs, detectRegion(run))
			}
		}
	}
}

// --detect needs the binary alone: no catalog, nginx or wrk.
func TestParseDetectFlags(t *testing.T) {
	binary := filepath.Join(t.TempDir(), "statusdash")
	if err := os.WriteFile(binary, nil, 0o755); err != nil {
		t.Fatal(err)
	}
	absent := filepath.Join(t.TempDir(), "absent")
	tests := []struct {
		args    []string
		wantErr string
	}{
		{[]string{"--detect", "--binary", binary, "--nginx", absent, "--wrk", absent, "--catalog", absent}, ""},
		{[]string{"--detect", "--binary", binary, "--detect-runs", "0"}, "--detect-runs"},
		{[]string{"--detect", "--binary", absent}, "make build"},
	}
	for _, tt := range tests {
		opts, err := parseFlags(tt.args, io.Discard)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("parseFlags(%q): %v", tt.args, err)
		case tt.wantErr == "" && (!opts.detect.enabled || opts.detect.runs != 3 || opts.binary != binary):
			t.Errorf("parseFlags(%q) = detect %+v, binary %q; want enabled, 3 runs, %q", tt.args, opts.detect, opts.binary, binary)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("parseFlags(%q): got %v, want an error with %q", tt.args, err, tt.wantErr)
		}
	}
}
