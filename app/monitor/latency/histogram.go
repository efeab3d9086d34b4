// Package latency sorts check latencies into the fixed buckets the
// monitoring roll-ups keep, and estimates percentiles from their counts.
// Fixed bounds make histograms of any hour, day, check or component add up
// by summing bucket by bucket, in SQL or here.
package latency

import (
	"math"
	"time"
)

// Buckets is the number of histogram buckets: one per bound and a last one
// for everything slower.
const Buckets = 16

// Bounds are the buckets' upper bounds, inclusive: bucket i holds the
// latencies above Bounds()[i-1] and at most Bounds()[i]; the last bucket
// has no bound. Narrow where checks over networks answer (10-250 ms), wide
// where only timeouts go.
func Bounds() [Buckets - 1]time.Duration {
	return [Buckets - 1]time.Duration{
		1 * time.Millisecond, 2 * time.Millisecond, 5 * time.Millisecond, 10 * time.Millisecond,
		20 * time.Millisecond, 35 * time.Millisecond, 50 * time.Millisecond, 75 * time.Millisecond,
		100 * time.Millisecond, 150 * time.Millisecond, 250 * time.Millisecond, 500 * time.Millisecond,
		time.Second, 2500 * time.Millisecond, 10 * time.Second,
	}
}

// Histogram counts latencies per bucket.
type Histogram [Buckets]int64

// BucketOf is the bucket holding the latency.
func BucketOf(latency time.Duration) int {
	for i, bound := range Bounds() {
		if latency <= bound {
			return i
		}
	}
	return Buckets - 1
}

// Add counts one latency.
func (h *Histogram) Add(latency time.Duration) { h[BucketOf(latency)]++ }

// Total is the number of latencies counted.
func (h Histogram) Total() int64 {
	var total int64
	for _, n := range h {
		total += n
	}
	return total
}

// Percentile estimates the q-quantile (0 < q <= 1; 0.95 for p95) of the
// latencies counted, given their least and greatest: it finds the bucket
// holding the nearest-rank value and interpolates linearly inside it, the
// bucket cut to [least, greatest]. The estimate lies in the same bucket as
// the true value. An empty histogram answers 0.
func (h Histogram) Percentile(q float64, least, greatest time.Duration) time.Duration {
	total := h.Total()
	if total == 0 {
		return 0
	}
	// The nearest rank, ceil(q * total), forgiving the float error of q * total.
	rank := int64(math.Ceil(q*float64(total) - 1e-9))
	rank = min(max(rank, 1), total)
	bounds := Bounds()
	var below int64
	for i, n := range h {
		if below+n < rank {
			below += n
			continue
		}
		lower, upper := time.Duration(0), greatest
		if i > 0 {
			lower = bounds[i-1]
		}
		if i < len(bounds) {
			upper = min(bounds[i], greatest)
		}
		// The least value lies in the lowest non-empty bucket: interpolate
		// from it there rather than from the bucket's lower bound.
		if least > lower {
			lower = least
		}
		if upper < lower {
			return lower
		}
		share := float64(rank-below) / float64(n)
		return lower + time.Duration(share*float64(upper-lower))
	}
	return greatest
}
