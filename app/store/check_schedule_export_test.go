package store

import (
	"context"
	"fmt"
	"time"
)

// ExplainDueSlotsForTest returns the plan of the due slots' selection of a
// claim at now for the location, after ANALYZE.
func ExplainDueSlotsForTest(ctx context.Context, s *Storage, location string, now time.Time) (string, error) {
	db := s.db.WithContext(ctx)
	if err := db.Exec("ANALYZE").Error; err != nil {
		return "", fmt.Errorf("analyze: %w", err)
	}
	return explainRaw(db, s, dueSlotsSQL, []any{now.UnixMilli(), now.UnixMilli(), location, 500})
}
