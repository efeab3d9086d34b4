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
	return explain(db, s.specific.explain, db.ToSQL(func(tx *gorm.DB) *gorm.DB {
		var rows []map[string]any
		return tx.Raw(overviewEventsQuery, utc(now), utc(now)).Scan(&rows)
	}))
}

// explain returns the query's plan, one line per plan row.
func explain(db *gorm.DB, prefix, query string) (string, error) {
	rows, err := db.Raw(prefix + query).Rows()
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
// report on the component that look at events (a batch's, and where the
// lookup reads the events holding the component, the lookup by name and
// by id), after ANALYZE.
func ExplainReportReadsForTest(ctx context.Context, s *Storage, componentID uint) ([]string, error) {
	db := s.db.WithContext(ctx)
	if err := db.Exec("ANALYZE").Error; err != nil {
		return nil, fmt.Errorf("analyze: %w", err)
	}
	type query struct {
		sql  string
		args []any
	}
	batchSQL, batchArgs := reportBatchQuery(&s.specific, []uint{componentID, componentID + 1})
	queries := []query{{batchSQL, batchArgs}}
	if s.specific.lookupReadsHeld {
		for _, r := range []Report{
			{Name: "Elastic Cloud Server", Attributes: []ComponentAttribute{{Name: "region", Value: "EU-DE"}}},
			{ComponentID: componentID},
		} {
			lookup, _ := componentsNamed(db, r, true)
			queries = append(queries, query{lookup.ToSQL(func(tx *gorm.DB) *gorm.DB { var rows []map[string]any; return tx.Scan(&rows) }), nil})
		}
	}
	plans := make([]string, 0, len(queries))
	for _, q := range queries {
		plan, err := explainRaw(db, s, q.sql, q.args)
		if err != nil {
			return nil, err
		}
		plans = append(plans, plan)
	}
	return plans, nil
}

// explainRaw returns the plan of one raw query with its arguments.
func explainRaw(db *gorm.DB, s *Storage, sql string, args []any) (string, error) {
	return explain(db, s.specific.explain, db.ToSQL(func(tx *gorm.DB) *gorm.DB {
		var rows []map[string]any
		return tx.Raw(sql, args...).Scan(&rows)
	}))
}

// ExplainPageReadsForTest returns the plans of the event reads of the
// availability report (today's events, a component's running events, each
// with their changes) and
// of a service page (its current and past events) at now.
func ExplainPageReadsForTest(ctx context.Context, s *Storage, componentID, serviceID uint, now time.Time) ([]string, error) {
	db := s.db.WithContext(ctx)
	if err := db.Exec("ANALYZE").Error; err != nil {
		return nil, fmt.Errorf("analyze: %w", err)
	}
	today := dayStart(unixDay(now))
	var queries []*gorm.DB
	for _, q := range []historyQuery{{from: today, to: now, recent: true}, {from: today.AddDate(0, 0, -3), to: today, components: []uint{componentID}}} {
		where, args := q.where()
		queries = append(queries, db.Raw(historyEventsSQL+where, args...), db.Raw(historyChangesSQL+where+" ORDER BY e.id, ch.id", args...))
	}
	for _, state := range []string{currentEventsSQL, closedEventsSQL} {
		queries = append(queries, db.Raw(serviceEventsSQL+state+" ORDER BY start_at DESC, id DESC LIMIT ?", serviceID, utc(now), PastEventsPerService))
	}
	var plans []string
	for _, q := range queries {
		plan, err := explain(db, s.specific.explain, db.ToSQL(func(*gorm.DB) *gorm.DB {
			var rows []map[string]any
			return q.Session(&gorm.Session{DryRun: true}).Scan(&rows)
		}))
		if err != nil {
			return nil, err
		}
		plans = append(plans, plan)
	}
	return plans, nil
}

// ExplainStatuspageListsForTest returns the plans of the Statuspage files'
// newest incidents and maintenance, without ANALYZE: as a database stands
// after provisioning, where SQLite has no statistics.
func ExplainStatuspageListsForTest(ctx context.Context, s *Storage, limit int) ([]string, error) {
	db := s.db.WithContext(ctx)
	var plans []string
	for _, eventType := range []model.EventType{model.TypeIncident, model.TypeMaintenance} {
		plan, err := explain(db, s.specific.explain, db.ToSQL(func(tx *gorm.DB) *gorm.DB {
			var events []*model.Event
			return tx.Where("type = ?", string(eventType)).Order("start_at DESC, id DESC").Limit(limit).Find(&events)
		}))
		if err != nil {
			return nil, err
		}
		plans = append(plans, plan)
	}
	return plans, nil
}
