package probe_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"statusdash/app/monitor/probe"
)

// startPlainServer serves HTTP without TLS on loopback and returns host:port.
func startPlainServer(t *testing.T) string {
	t.Helper()
	server := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(server.Close)
	return strings.TrimPrefix(server.URL, "http://")
}

func TestTCPCheck(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	t.Cleanup(func() { listener.Close() })
	tests := []struct {
		name        string
		target      string
		wantOutcome probe.Outcome
		wantReason  string
	}{
		{"a listening port", listener.Addr().String(), probe.OutcomeUp, ""},
		{"a closed port", closedAddress(t), probe.OutcomeDown, "connection refused"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			def := probe.Definition{Kind: probe.KindTCP, Target: tt.target, Interval: 10 * time.Second}
			got := probe.Run(context.Background(), def)
			if got.Outcome != tt.wantOutcome || got.Reason != tt.wantReason {
				t.Errorf("got %s %q, want %s %q", got.Outcome, got.Reason, tt.wantOutcome, tt.wantReason)
			}
		})
	}
}
