package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// ExplainAPIEventPageForTest returns the query plan of the read of a
// GET /v2/events page's ids, after VACUUM and ANALYZE: PostgreSQL plans an
// index-only scan by the share of the table its visibility map marks all
// visible, which VACUUM (autovacuum, on a live server) sets.
func ExplainAPIEventPageForTest(ctx context.Context, s *Storage, filter APIEventFilter, now time.Time) (string, error) {
	db := s.db.WithContext(ctx)
	for _, statement := range []string{"VACUUM", "ANALYZE"} {
		if err := db.Exec(statement).Error; err != nil {
			return "", fmt.Errorf("%s: %w", statement, err)
		}
	}
	if _, err := apiEventsQuery(db, filter, now); err != nil {
		return "", err
	}
	return explain(db, s.specific.explain, db.ToSQL(func(tx *gorm.DB) *gorm.DB {
		query, _ := apiEventsQuery(tx, filter, now)
		var ids []uint
		return apiEventPage(query, filter).Pluck("id", &ids)
	}))
}
