package probe_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"statusdash/app/monitor/probe"
)

func TestRunRefusesWhatItCannotProbe(t *testing.T) {
	tests := []struct {
		name       string
		def        probe.Definition
		wantReason string
	}{
		{"an invalid definition", probe.Definition{Kind: probe.KindHTTP, Target: "ftp://example.org", Interval: time.Second},
			`invalid definition: interval_seconds: must be at least 10 seconds; target: scheme "ftp" is not allowed: use http or https`},
		{"the zero definition", probe.Definition{}, "invalid definition: kind: must be one of http, tcp, icmp, dns, tls, heartbeat"},
		{"a heartbeat", probe.Definition{Kind: probe.KindHeartbeat, Interval: time.Hour}, "a heartbeat check is not probed: its state comes from its pings"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := probe.Run(context.Background(), tt.def)
			if got.Outcome != probe.OutcomeDown || got.Reason != tt.wantReason {
				t.Errorf("got %s %q, want down %q", got.Outcome, got.Reason, tt.wantReason)
			}
		})
	}
}

func TestRunEndsWithItsCaller(t *testing.T) {
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	t.Cleanup(hang.Close)
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { listener.Close() })
	defs := []probe.Definition{
		{Kind: probe.KindHTTP, Target: hang.URL, Interval: time.Minute},
		{Kind: probe.KindTCP, Target: listener.Addr().String(), Interval: time.Minute},
		{Kind: probe.KindICMP, Target: "127.0.0.1", Interval: time.Minute},
		{Kind: probe.KindDNS, Target: "example.test", Interval: time.Minute, DNS: probe.DNSSettings{NameServer: closedUDPAddress(t)}},
		{Kind: probe.KindTLS, Target: listener.Addr().String(), Interval: time.Minute},
	}
	for _, def := range defs {
		t.Run(string(def.Kind), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			got := probe.Run(ctx, def)
			if want := "canceled before the check finished"; got.Outcome != probe.OutcomeDown || got.Reason != want {
				t.Errorf("got %s %q, want down %q", got.Outcome, got.Reason, want)
			}
		})
	}
}
