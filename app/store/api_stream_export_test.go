package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"statusdash/app/model"
)

// ExplainStreamReadsForTest returns the query plans of a chunk of size of
// StreamEvents and of StreamComponentEvents, first and following, after
// ANALYZE.
func ExplainStreamReadsForTest(ctx context.Context, s *Storage, size int) ([]string, error) {
	db := s.db.WithContext(ctx)
	if err := db.Exec("ANALYZE").Error; err != nil {
		return nil, fmt.Errorf("analyze: %w", err)
	}
	last := &model.Event{ID: 1, StartAt: time.Now().AddDate(-1, 0, 0)}
	type statement struct {
		query string
		args  []any
	}
	var statements []statement
	for _, after := range []*model.Event{nil, last} {
		query, args := s.eventChunkQuery(size, after)
		statements = append(statements, statement{query, args})
		var pair *ComponentEvent
		if after != nil {
			pair = &ComponentEvent{ComponentID: 1, Event: after}
		}
		query, args = s.componentEventChunkQuery(nil, size, pair)
		statements = append(statements, statement{query, args})
	}
	var plans []string
	for _, st := range statements {
		plan, err := explain(db, s.specific.explain, db.ToSQL(func(tx *gorm.DB) *gorm.DB {
			var rows []map[string]any
			return tx.Raw(st.query, st.args...).Scan(&rows)
		}))
		if err != nil {
			return nil, err
		}
		plans = append(plans, plan)
	}
	return plans, nil
}
