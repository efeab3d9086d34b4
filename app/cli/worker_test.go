package cli

import (
	"context"
	"log/slog"
	"strings"
	"testing"
)

func TestWorkerUsage(t *testing.T) {
	vars := embedded(t)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string
	}{
		{"help", []string{"worker", "--help"}, exitOK, "--location"},
		{"no location", []string{"worker"}, exitUsage, "--location: is required"},
		{"location with a space", []string{"worker", "--location", "fra 1"}, exitUsage, "spaces"},
		{"arguments", []string{"worker", "--location", "fra", "extra"}, exitUsage, "takes no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, vars, tt.args...)
			if code != tt.wantCode || !strings.Contains(stdout+stderr, tt.wantOut) {
				t.Errorf("got %d, %q %q; want %d and %q", code, stdout, stderr, tt.wantCode, tt.wantOut)
			}
		})
	}
}

// A worker serves its figures, labelled by location, and stops cleanly.
func TestWorkerServesMetrics(t *testing.T) {
	vars := embedded(t)
	cfg, err := (&environment{getenv: func(key string) string { return vars[key] }}).loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	listen := freeAddress(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- work(ctx, cfg, "fra", listen, slog.New(slog.DiscardHandler)) }()
	body := get(t, "http://"+listen+"/metrics")
	if want := `statusdash_worker_leases_held{location="fra"} 0`; !strings.Contains(body, want) {
		t.Errorf("/metrics lacks %q", want)
	}
	if got := get(t, "http://"+listen+"/healthz"); got != "ok\n" {
		t.Errorf("/healthz: %q, want ok", got)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("worker stopped with %v, want nil", err)
	}
}
