package cli

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
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
	probe, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	listen := probe.Addr().String()
	_ = probe.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- work(ctx, cfg, "fra", listen, slog.New(slog.DiscardHandler)) }()
	client := &http.Client{Timeout: 5 * time.Second}
	var body string
	deadline := time.Now().Add(20 * time.Second)
	for {
		response, err := client.Get("http://" + listen + "/metrics")
		if err == nil {
			b, _ := io.ReadAll(response.Body)
			_ = response.Body.Close()
			body = string(b)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no /metrics within 20 s: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if want := `statusdash_worker_leases_held{location="fra"} 0`; !strings.Contains(body, want) {
		t.Errorf("/metrics lacks %q", want)
	}
	response, err := client.Get("http://" + listen + "/healthz")
	if err != nil || response.StatusCode != http.StatusOK {
		t.Errorf("/healthz: %v, %v; want 200", response, err)
	} else {
		_ = response.Body.Close()
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("worker stopped with %v, want nil", err)
	}
}
