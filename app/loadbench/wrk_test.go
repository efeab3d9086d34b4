package main

import (
	"testing"
	"time"
)

const wrkSample = `Running 10s test @ http://127.0.0.1:41234/
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   812.13us    1.02ms  31.04ms   93.12%
    Req/Sec    41.23k     3.01k   48.11k    71.00%
  Latency Distribution
     50%  621.00us
     75%  0.89ms
     90%    1.31ms
     99%    4.12ms
  820511 requests in 10.01s, 8.95GB read
  Socket errors: connect 0, read 0, write 0, timeout 3
  Non-2xx or 3xx responses: 12
Requests/sec:  81970.12
Transfer/sec:    915.38MB
`

func TestParseWrk(t *testing.T) {
	got, err := parseWrk(wrkSample)
	if err != nil {
		t.Fatalf("parseWrk: %v", err)
	}
	want := wrkResult{RequestsPerSec: 81970.12, P50: 621 * time.Microsecond, P99: 4120 * time.Microsecond,
		Requests: 820511, Non2xx: 12, SocketErrors: "connect 0, read 0, write 0, timeout 3"}
	if got != want {
		t.Errorf("parseWrk = %+v, want %+v", got, want)
	}
	if _, err := parseWrk("garbage"); err == nil {
		t.Error("parseWrk(garbage) gave no error")
	}
}

func TestParseWrkDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"812.00us", 812 * time.Microsecond, true},
		{"1.50ms", 1500 * time.Microsecond, true},
		{"1.02s", 1020 * time.Millisecond, true},
		{"2.00m", 2 * time.Minute, true},
		{"3h", 0, false},
		{"x.yms", 0, false},
	}
	for _, tt := range tests {
		got, err := parseWrkDuration(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseWrkDuration(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}
