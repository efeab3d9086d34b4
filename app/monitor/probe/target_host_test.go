package probe_test

import (
	"testing"

	"statusdash/app/monitor/probe"
)

func TestTargetHost(t *testing.T) {
	tests := []struct {
		def  probe.Definition
		want string
	}{
		{probe.Definition{Kind: probe.KindHTTP, Target: "https://Example.org:8443/health"}, "example.org"},
		{probe.Definition{Kind: probe.KindHTTP, Target: "http://[::1]:8080/"}, "::1"},
		{probe.Definition{Kind: probe.KindTCP, Target: "db.example.org:5432"}, "db.example.org"},
		{probe.Definition{Kind: probe.KindTLS, Target: "example.org"}, "example.org"},
		{probe.Definition{Kind: probe.KindTLS, Target: "example.org:8443"}, "example.org"},
		{probe.Definition{Kind: probe.KindTLS, Target: "[::1]:8443"}, "::1"},
		{probe.Definition{Kind: probe.KindICMP, Target: "127.0.0.1"}, "127.0.0.1"},
		{probe.Definition{Kind: probe.KindDNS, Target: "example.org."}, "example.org"},
		{probe.Definition{Kind: probe.KindHeartbeat}, ""},
	}
	for _, tt := range tests {
		if got := probe.TargetHost(tt.def); got != tt.want {
			t.Errorf("TargetHost(%s %q) = %q, want %q", tt.def.Kind, tt.def.Target, got, tt.want)
		}
	}
}
