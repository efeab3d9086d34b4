package web

import (
	"context"
	"time"

	"statusdash/app/periodic"
)

// DefaultAvailabilityInterval is how often the availability job looks for
// ended days to roll up: a day is counted from the events at most this
// long after it ends, which is right, only slower to read.
const DefaultAvailabilityInterval = 5 * time.Minute

// StartAvailabilityJob finalizes the availability roll-ups of the days that
// ended (store.FinalizeAvailability): once now, then every interval (5 min
// when zero), until ctx ends or the returned stop is called. stop waits
// for a run in progress to finish and may be called more than once.
// Several processes may run the job at once: one rolls a day up, the
// others find it done.
func (s *Server) StartAvailabilityJob(ctx context.Context, interval time.Duration) (stop func()) {
	if interval <= 0 {
		interval = DefaultAvailabilityInterval
	}
	return periodic.Start(ctx, interval, s.finalizeAvailability)
}

// finalizeAvailability runs one pass of the job, logging what it did; a
// failure waits for the next pass.
func (s *Server) finalizeAvailability(ctx context.Context) {
	days, err := s.store.FinalizeAvailability(ctx, s.now())
	switch {
	case err != nil && ctx.Err() == nil:
		s.logger.Error("availability job: finalize days", "error", err)
	case days > 0:
		s.logger.Info("availability job: days finalized", "days", days)
	}
}
