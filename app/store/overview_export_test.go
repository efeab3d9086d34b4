package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// ExplainOverviewEventsForTest returns the query plan of the overview's
// current-events query at now, one line per plan row.
func ExplainOverviewEventsForTest(ctx context.Context, s *Storage, now time.Time) (string, error) {
	db := s.db.WithContext(ctx)
	if err := db.Exec("ANALYZE").Error; err != nil {
		return "", fmt.Errorf("analyze: %w", err)
	}
	return explain(db, s.dialect, db.ToSQL(func(tx *gorm.DB) *gorm.DB {
		var rows []map[string]any
		return tx.Raw(overviewEventsQuery, utc(now), utc(now)).Scan(&rows)
	}))
}

// explain returns the query's plan, one line per plan row.
func explain(db *gorm.DB, dialect Dialect, query string) (string, error) {
	explain := "EXPLAIN "
	if dialect == SQLite {
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

// ExplainReportReadsForTest returns the query plans of the reads of a
// report on the component that look at events (readHolding's, situation's,
// a batch's, and on PostgreSQL FindReportTargets'), after ANALYZE.
func ExplainReportReadsForTest(ctx context.Context, s *Storage, componentID uint) ([]string, error) {
	db := s.db.WithContext(ctx)
	if err := db.Exec("ANALYZE").Error; err != nil {
		return nil, fmt.Errorf("analyze: %w", err)
	}
	w := &eventTx{tx: db}
	queries := []struct {
		sql  string
		args []any
	}{
		{unfinishedEventsAround("(SELECT COUNT(*) FROM event_components counted WHERE counted.event_id = events.id) AS component_count", "holds = 1"), []any{componentID}},
		{unfinishedEventsAround(w.componentList()+" AS component_list", "holds = 1 OR (type = 'incident' AND system = ?)"), []any{componentID, true}},
	}
	batchSQL, batchArgs := w.reportBatchQuery([]uint{componentID, componentID + 1})
	queries = append(queries, struct {
		sql  string
		args []any
	}{batchSQL, batchArgs})
	if s.dialect == Postgres {
		lookup, _ := componentsNamed(db, "Elastic Cloud Server", []ComponentAttribute{{Name: "region", Value: "EU-DE"}}, true)
		queries = append(queries, struct {
			sql  string
			args []any
		}{lookup.ToSQL(func(tx *gorm.DB) *gorm.DB { var rows []map[string]any; return tx.Scan(&rows) }), nil})
	}
	var plans []string
	for _, q := range queries {
		plan, err := explain(db, s.dialect, db.ToSQL(func(tx *gorm.DB) *gorm.DB {
			var rows []map[string]any
			return tx.Raw(q.sql, q.args...).Scan(&rows)
		}))
		if err != nil {
			return nil, err
		}
		plans = append(plans, plan)
	}
	return plans, nil
}
