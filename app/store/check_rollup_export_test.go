package store

import (
	"context"
	"time"
)

// RollUpCheckForTest recomputes the check's hours that start in [from, to)
// and the days holding them, as a retention pass does.
func RollUpCheckForTest(ctx context.Context, s *Storage, checkID uint, from, to time.Time) error {
	return s.rollUpCheck(ctx, checkID, unixHour(from), unixHour(to))
}
