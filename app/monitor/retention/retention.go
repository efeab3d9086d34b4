// Package retention runs the monitoring data's background job: it rolls
// check results up into hours and days and deletes what is older than the
// retention policy. Any process may start it, serve and worker alike: the
// store's job lease lets one process at a time do the work, the others
// finding the job taken.
package retention

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"time"

	"statusdash/app/periodic"
	"statusdash/app/store"
)

// DefaultInterval is how often a process tries to take the job: an hour is
// rolled up at most this long after it ends (plus the store's minute).
const DefaultInterval = 5 * time.Minute

// passesPerRun bounds the passes one run makes back to back while work
// remains: a day of hours each, so a month-long backlog in one run.
const passesPerRun = 31

// Start runs the job once now, then every interval (DefaultInterval when
// zero), until ctx ends or the returned stop is called. stop waits for a
// pass in progress to end and may be called more than once.
func Start(ctx context.Context, s *store.Storage, logger *slog.Logger, policy store.RetentionPolicy, interval time.Duration) (stop func()) {
	if interval <= 0 {
		interval = DefaultInterval
	}
	job := &job{store: s, logger: logger, policy: policy, owner: ownerName(), now: time.Now}
	return periodic.Start(ctx, interval, job.run)
}

// job is one process's side of the retention job.
type job struct {
	store  *store.Storage
	logger *slog.Logger
	policy store.RetentionPolicy
	// owner names this process in the job's lease.
	owner string
	now   func() time.Time
}

// run makes passes while the last one says work remains, logging what
// each did.
func (j *job) run(ctx context.Context) {
	for range passesPerRun {
		if ctx.Err() != nil {
			return
		}
		pass, err := j.store.RunCheckRetention(ctx, j.owner, j.policy, j.now())
		if err != nil {
			if ctx.Err() == nil {
				j.logger.Error("monitoring retention: pass failed", "error", err)
			}
			return
		}
		// An hour rolled up is news once an hour; deletes happen every pass.
		level := slog.LevelDebug
		if pass.HoursRolledUp > 0 {
			level = slog.LevelInfo
		}
		if pass.HoursRolledUp > 0 || pass.RawDeleted+pass.HourlyDeleted+pass.DailyDeleted > 0 {
			j.logger.Log(ctx, level, "monitoring retention: pass done", "hours_rolled_up", pass.HoursRolledUp,
				"rolled_up_until", pass.RolledUpUntil, "raw_deleted", pass.RawDeleted,
				"hourly_deleted", pass.HourlyDeleted, "daily_deleted", pass.DailyDeleted, "more", pass.More)
		}
		if !pass.More {
			return
		}
	}
}

// ownerName tells this process from every other in the job's lease, on
// this machine and others: host, process id and a random part.
func ownerName() string {
	host, err := os.Hostname()
	if err != nil {
		host = "unknown"
	}
	random := make([]byte, 4)
	_, _ = rand.Read(random) // crypto/rand.Read never fails on supported platforms
	return fmt.Sprintf("%s:%d:%s", host, os.Getpid(), hex.EncodeToString(random))
}
