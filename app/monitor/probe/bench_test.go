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

// BenchmarkRun measures one run per kind against loopback targets: the cost
// a worker pays per check, with a fresh connection each time.
func BenchmarkRun(b *testing.B) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok")) }))
	b.Cleanup(server.Close)
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { listener.Close() })
	go func() {
		for {
			conn, err := listener.Accept()
			if err != nil {
				return
			}
			conn.Close()
		}
	}()
	benchmarks := []struct {
		name string
		def  probe.Definition
	}{
		{"http", probe.Definition{Kind: probe.KindHTTP, Target: server.URL + "/", Interval: time.Minute, HTTP: probe.HTTPSettings{BodyContains: "ok"}}},
		{"tcp", probe.Definition{Kind: probe.KindTCP, Target: listener.Addr().String(), Interval: time.Minute}},
	}
	for _, bm := range benchmarks {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if got := probe.Run(context.Background(), bm.def); got.Outcome != probe.OutcomeUp {
					b.Fatalf("got %s %q, want up", got.Outcome, got.Reason)
				}
			}
		})
	}
}
