package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// ExplainRoundsForTest returns the plan of the query that reads the
// rounds of the checks from the slot on, after ANALYZE (on PostgreSQL with
// sequential scans off: its tables here are too small to plan otherwise).
func ExplainRoundsForTest(ctx context.Context, s *Storage, checkIDs []uint, from time.Time) (string, error) {
	db := s.db.WithContext(ctx)
	if err := db.Exec("ANALYZE").Error; err != nil {
		return "", fmt.Errorf("analyze: %w", err)
	}
	var plan string
	err := db.Transaction(func(tx *gorm.DB) error {
		if s.Dialect() == Postgres {
			if err := tx.Exec("SET LOCAL enable_seqscan = off").Error; err != nil {
				return err
			}
		}
		checks := make([]Check, len(checkIDs))
		states := make([]CheckState, len(checkIDs))
		for i, id := range checkIDs {
			checks[i].ID = id
		}
		var err error
		plan, err = explain(tx, s.specific.explain, tx.ToSQL(func(tx *gorm.DB) *gorm.DB {
			var rows []checkResultRow
			return roundsQuery(tx, checks, states, func(Check, CheckState) time.Time { return from }).Find(&rows)
		}))
		return err
	})
	return plan, err
}
