package worker

import (
	"context"
	"time"

	"statusdash/app/store"
)

// Store is what a worker needs of the database; *store.Storage is one.
type Store interface {
	ClaimDueChecks(ctx context.Context, claim store.CheckClaim) ([]store.ClaimedCheck, error)
	AddCheckResults(ctx context.Context, results []store.CheckResult) error
	ReleaseCheckLeases(ctx context.Context, owner string, checkIDs []uint) error
	ExistingCheckIDs(ctx context.Context, ids []uint) ([]uint, error)
	SyncCheckSchedule(ctx context.Context, now time.Time) (int, error)
}

var _ Store = (*store.Storage)(nil)
