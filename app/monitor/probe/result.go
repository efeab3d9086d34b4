package probe

import "time"

// Outcome is what one run found.
type Outcome string

// The outcomes, best first.
const (
	OutcomeUp       Outcome = "up"
	OutcomeDegraded Outcome = "degraded"
	OutcomeDown     Outcome = "down"
)

// Result is the outcome of one run of a check.
type Result struct {
	Outcome Outcome
	// Reason says why the outcome is not up, in words for operators:
	// "status 503, want 200-299", "connection refused"; empty when up.
	Reason string
	// Latency is the time the probe took, up to its failure.
	Latency time.Duration
	// Started is when the run began.
	Started time.Time
}

func up(started time.Time, latency time.Duration) Result {
	return Result{Outcome: OutcomeUp, Latency: latency, Started: started}
}

func degraded(started time.Time, latency time.Duration, reason string) Result {
	return Result{Outcome: OutcomeDegraded, Reason: reason, Latency: latency, Started: started}
}

func down(started time.Time, latency time.Duration, reason string) Result {
	return Result{Outcome: OutcomeDown, Reason: reason, Latency: latency, Started: started}
}
