package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Background work that any process may do, one process at a time: the
// process that holds a job's lease in job_leases (migration 00015). A lease
// ends by itself, so the work moves on when its holder dies.

// ClaimJob takes the named job's lease for owner until now plus lease,
// unless another owner holds one that has not ended, and answers whether
// owner holds it now. The holder renews its lease the same way. One
// statement, so two processes claiming at once cannot both win: on
// PostgreSQL the second waits for the first's row and then finds it held.
func (s *Storage) ClaimJob(ctx context.Context, name, owner string, now time.Time, lease time.Duration) (bool, error) {
	ctx, cancel := s.timeouts.withWrite(ctx)
	defer cancel()
	now = utc(now)
	res := s.db.WithContext(ctx).Exec("INSERT INTO job_leases (name, owner, lease_until) VALUES (?, ?, ?) "+
		"ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until "+
		"WHERE job_leases.owner = excluded.owner OR job_leases.lease_until IS NULL OR job_leases.lease_until <= ?",
		name, owner, now.Add(lease), now)
	if res.Error != nil {
		return false, fmt.Errorf("store: claim job %s: %w", name, markUnavailable(res.Error))
	}
	return res.RowsAffected == 1, nil
}

// ReleaseJob ends owner's lease of the named job, so that any process may
// take the job at once; a lease owner no longer holds stays as it is.
func (s *Storage) ReleaseJob(ctx context.Context, name, owner string) error {
	ctx, cancel := s.timeouts.withWrite(ctx)
	defer cancel()
	if err := s.db.WithContext(ctx).Exec("UPDATE job_leases SET lease_until = NULL WHERE name = ? AND owner = ?", name, owner).Error; err != nil {
		return fmt.Errorf("store: release job %s: %w", name, markUnavailable(err))
	}
	return nil
}

// jobProgress reads the named job's cursor: 0 before it ever stored one.
func (s *Storage) jobProgress(ctx context.Context, name string) (int64, error) {
	ctx, cancel := s.timeouts.withRead(ctx)
	defer cancel()
	var progress []int64
	if err := s.db.WithContext(ctx).Raw("SELECT progress FROM job_leases WHERE name = ?", name).Scan(&progress).Error; err != nil {
		return 0, fmt.Errorf("store: progress of job %s: %w", name, markUnavailable(err))
	}
	if len(progress) == 0 {
		return 0, nil
	}
	return progress[0], nil
}

// errLeaseLost stops a job whose holder's lease ended or went to another
// process before it could store its progress.
var errLeaseLost = fmt.Errorf("store: job lease lost: %w", ErrConflict)

// saveJobProgress stores the job's cursor while owner still holds its lease
// at now, and bumps the data version in the same transaction when bump is
// set (the job wrote something pages show); else errLeaseLost.
func (s *Storage) saveJobProgress(ctx context.Context, name, owner string, progress int64, now time.Time, bump bool) error {
	return s.inTxBumping(ctx, func(tx *gorm.DB) (bool, error) {
		res := tx.Exec("UPDATE job_leases SET progress = ? WHERE name = ? AND owner = ? AND lease_until > ?", progress, name, owner, utc(now))
		if res.Error != nil {
			return false, fmt.Errorf("store: save progress of job %s: %w", name, res.Error)
		}
		if res.RowsAffected != 1 {
			return false, errLeaseLost
		}
		// Answering "bumped" skips the bump.
		return !bump, nil
	})
}
