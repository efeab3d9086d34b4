package worker

import (
	"context"
	"time"

	"statusdash/app/store"
)

// Decider turns written results into decisions (rounds, quorum, incidents);
// package decide implements it. The worker calls it after each batch is
// stored, with that batch and the worker's time.
type Decider interface {
	DecideRounds(ctx context.Context, results []store.CheckResult, now time.Time) error
}
