package latency_test

import (
	"math"
	"slices"
	"testing"
	"time"

	"statusdash/app/monitor/latency"
)

func TestBucketOf(t *testing.T) {
	tests := []struct {
		latency time.Duration
		want    int
	}{
		{0, 0},
		{time.Millisecond, 0},
		{time.Millisecond + time.Microsecond, 1},
		{100 * time.Millisecond, 8},
		{10 * time.Second, latency.Buckets - 2},
		{time.Minute, latency.Buckets - 1},
	}
	for _, tt := range tests {
		if got := latency.BucketOf(tt.latency); got != tt.want {
			t.Errorf("BucketOf(%v) = %d, want %d", tt.latency, got, tt.want)
		}
	}
}

// The estimate of a percentile lies in the bucket of the true
// (nearest-rank) value, and inside the least and greatest latencies.
func TestPercentileInTrueBucket(t *testing.T) {
	tests := []struct {
		name      string
		latencies []time.Duration
	}{
		{"one", ms(42)},
		{"same value", ms(7, 7, 7, 7)},
		{"spread", ms(0.3, 0.8, 1.5, 3, 8, 12, 30, 45, 60, 90, 120, 200, 400, 800, 2000, 9000, 20000)},
		{"long tail", append(slices.Repeat(ms(20), 95), ms(3000, 3000, 3000, 3000, 3000)...)},
		{"all slow", ms(15000, 30000, 60000)},
		{"one bucket", ms(101, 110, 120, 130, 149)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h latency.Histogram
			for _, l := range tt.latencies {
				h.Add(l)
			}
			sorted := slices.Sorted(slices.Values(tt.latencies))
			least, greatest := sorted[0], sorted[len(sorted)-1]
			for _, q := range []float64{0.5, 0.95, 0.99, 1} {
				want := sorted[int(math.Ceil(q*float64(len(sorted))-1e-9))-1]
				got := h.Percentile(q, least, greatest)
				if latency.BucketOf(got) != latency.BucketOf(want) || got < least || got > greatest {
					t.Errorf("p%v = %v, want in bucket %d of the true %v, within [%v, %v]", q*100, got, latency.BucketOf(want), want, least, greatest)
				}
			}
		})
	}
	var empty latency.Histogram
	if got := empty.Percentile(0.5, 0, 0); got != 0 {
		t.Errorf("empty p50 = %v, want 0", got)
	}
}

func ms(values ...float64) []time.Duration {
	out := make([]time.Duration, len(values))
	for i, v := range values {
		out[i] = time.Duration(v * float64(time.Millisecond))
	}
	return out
}
