package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"statusdash/app/model"
)

// ExplainOverviewEventsForTest returns the query plan of the overview's
// current-events query at now, one line per plan row.
func ExplainOverviewEventsForTest(ctx context.Context, s *Storage, now time.Time) (string, error) {
	db := s.db.WithContext(ctx)
	if err := db.Exec("ANALYZE").Error; err != nil {
		return "", fmt.Errorf("analyze: %w", err)
	}
	query := db.ToSQL(func(tx *gorm.DB) *gorm.DB {
		var events []*model.Event
		return overviewEvents(tx, now).Find(&events)
	})
	explain := "EXPLAIN "
	if s.dialect == SQLite {
		explain = "EXPLAIN QUERY PLAN "
	}
	rows, err := db.Raw(explain + query).Rows()
	if err != nil {
		return "", fmt.Errorf("explain: %w", err)
	}
	defer rows.Close()
	columns, err := rows.Columns()
	if err != nil {
		return "", err
	}
	var plan strings.Builder
	for rows.Next() {
		values := make([]any, len(columns))
		pointers := make([]any, len(columns))
		for i := range values {
			pointers[i] = &values[i]
		}
		if err := rows.Scan(pointers...); err != nil {
			return "", err
		}
		fmt.Fprintln(&plan, values[len(values)-1])
	}
	return plan.String(), rows.Err()
}
