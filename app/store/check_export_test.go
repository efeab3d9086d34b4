package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// ExplainCheckResultsForTest returns the plans of a first page of the
// check's results and of next pages by time alone and by (time, id), after
// ANALYZE.
func ExplainCheckResultsForTest(ctx context.Context, s *Storage, checkID uint, before time.Time) ([]string, error) {
	db := s.db.WithContext(ctx)
	if err := db.Exec("ANALYZE").Error; err != nil {
		return nil, fmt.Errorf("analyze: %w", err)
	}
	var plans []string
	for _, from := range []CheckResultCursor{{}, {StartedAt: before}, {StartedAt: before, ID: 1 << 20}} {
		plan, err := explain(db, s.specific.explain, db.ToSQL(func(tx *gorm.DB) *gorm.DB {
			var rows []checkResultRow
			return checkResultsQuery(tx, checkID, from, DefaultCheckResultsPage).Find(&rows)
		}))
		if err != nil {
			return nil, err
		}
		plans = append(plans, plan)
	}
	return plans, nil
}

// ExplainLatestCheckResultsForTest returns the plan of LatestCheckResults'
// statement, after ANALYZE.
func ExplainLatestCheckResultsForTest(ctx context.Context, s *Storage) (string, error) {
	db := s.db.WithContext(ctx)
	if err := db.Exec("ANALYZE").Error; err != nil {
		return "", fmt.Errorf("analyze: %w", err)
	}
	return explainRaw(db, s, latestResultsQuery(&s.specific), []any{latestResultsScan})
}
