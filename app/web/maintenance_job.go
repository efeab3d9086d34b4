package web

import (
	"context"
	"time"

	"statusdash/app/periodic"
)

// DefaultMaintenanceInterval is how often the maintenance job looks for
// windows to move; a window changes status at most this late.
const DefaultMaintenanceInterval = 30 * time.Second

// StartMaintenanceJob moves planned maintenance to in progress and
// completed at its times: once now, then every interval (30 s when zero),
// until ctx ends or the returned stop is called. stop waits for a run in
// progress to finish and may be called more than once. Several processes
// may run the job at once: the store claims each due window in one
// transaction (FOR UPDATE SKIP LOCKED on PostgreSQL), so each move happens once.
func (s *Server) StartMaintenanceJob(ctx context.Context, interval time.Duration) (stop func()) {
	if interval <= 0 {
		interval = DefaultMaintenanceInterval
	}
	return periodic.Start(ctx, interval, s.advanceMaintenance)
}

// advanceMaintenance runs one pass of the job, logging what it did.
func (s *Server) advanceMaintenance(ctx context.Context) {
	moves, err := s.store.AdvanceMaintenance(ctx, s.now())
	switch {
	case err != nil && ctx.Err() == nil:
		s.logger.Error("maintenance job: advance windows", "error", err)
	case moves > 0:
		s.logger.Info("maintenance job: windows moved", "moves", moves)
	}
}
