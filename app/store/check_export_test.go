package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// ExplainCheckResultsForTest returns the plans of a first and a next page
// of the check's results, after ANALYZE.
func ExplainCheckResultsForTest(ctx context.Context, s *Storage, checkID uint, before time.Time) ([]string, error) {
	db := s.db.WithContext(ctx)
	if err := db.Exec("ANALYZE").Error; err != nil {
		return nil, fmt.Errorf("analyze: %w", err)
	}
	var plans []string
	for _, from := range []time.Time{{}, before} {
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
