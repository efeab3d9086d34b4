package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// RollUpCheckForTest recomputes the check's hours that start in [from, to)
// and the days holding them, as a retention pass does.
func RollUpCheckForTest(ctx context.Context, s *Storage, checkID uint, from, to time.Time) error {
	return s.rollUpCheck(ctx, checkID, unixHour(from), unixHour(to))
}

// ExplainRetentionForTest returns the plans, after ANALYZE, of the
// statements a retention pass runs per check: the roll-up of three hours
// ending at now, of their days, and the end and delete of a chunk of
// results and of hours older than now.
func ExplainRetentionForTest(ctx context.Context, s *Storage, checkID uint, now time.Time) ([]string, error) {
	db := s.db.WithContext(ctx)
	if err := db.Exec("ANALYZE").Error; err != nil {
		return nil, fmt.Errorf("analyze: %w", err)
	}
	end := unixHour(now)
	statements := []struct {
		sql  string
		args []any
	}{
		{s.hourlyRollupSQL(), []any{checkID, hourStart(end - 3), hourStart(end)}},
		{dailyRollupSQL(), []any{checkID, end - 3, end}},
		{expiredChunkEndSQL("check_results", "started_at"), []any{checkID, now, DefaultRetentionChunk - 1}},
		{"DELETE FROM check_results WHERE check_id = ? AND started_at <= ?", []any{checkID, now}},
		{expiredChunkEndSQL("check_rollups_hourly", "hour"), []any{checkID, end, DefaultRetentionChunk - 1}},
		{"DELETE FROM check_rollups_hourly WHERE check_id = ? AND hour <= ?", []any{checkID, end}},
	}
	var plans []string
	for _, statement := range statements {
		plan, err := explain(db, s.specific.explain, db.ToSQL(func(tx *gorm.DB) *gorm.DB {
			return tx.Exec(statement.sql, statement.args...)
		}))
		if err != nil {
			return nil, err
		}
		plans = append(plans, plan)
	}
	return plans, nil
}
