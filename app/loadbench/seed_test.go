package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"statusdash/app/store"
)

func TestSeed(t *testing.T) {
	root, err := repositoryRoot()
	if err != nil {
		t.Fatal(err)
	}
	catalog := filepath.Join(root, "..", "shared", "catalogs", "otc-production.yaml")
	if _, err := os.Stat(catalog); err != nil {
		t.Skipf("no production catalog beside the repository (../shared/catalogs): %v", err)
	}
	ctx := context.Background()
	dbURL := filepath.Join(t.TempDir(), "bench.db")
	now := time.Now().UTC()
	result, err := seed(ctx, dbURL, catalog, seedCounts{PastEvents: 200, OpenIncidents: 5}, now)
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	if got, want := result.Events.Created, 205; got != want {
		t.Errorf("events created = %d, want %d", got, want)
	}
	if got, want := result.Components.Created, 100; got != want {
		t.Errorf("components created = %d, want %d", got, want)
	}
	s, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	overview, err := s.ReadOverview(ctx, now)
	if err != nil {
		t.Fatalf("read overview: %v", err)
	}
	if got, want := len(overview.Incidents), 5; got != want {
		t.Errorf("open incidents = %d, want %d", got, want)
	}
	durations, _, err := measureBuilds(ctx, dbURL, 3, "")
	if err != nil || len(durations) != 3 {
		t.Errorf("measureBuilds = %d durations, %v; want 3, nil", len(durations), err)
	}
}

func TestPercentile(t *testing.T) {
	durations := []time.Duration{5, 1, 4, 2, 3}
	tests := []struct {
		p    float64
		want time.Duration
	}{{50, 3}, {100, 5}, {0, 1}, {90, 5}}
	for _, tt := range tests {
		if got := percentile(durations, tt.p); got != tt.want {
			t.Errorf("percentile(%v) = %v, want %v", tt.p, got, tt.want)
		}
	}
}
