package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Bounds of a page of check results.
const (
	DefaultCheckResultsPage = 100
	MaxCheckResultsPage     = 1000
)

// Check reads the check with the id, or ErrNotFound.
func (s *Storage) Check(ctx context.Context, id uint) (*Check, error) {
	row, err := checkRowByID(s.db.WithContext(ctx), id)
	if err != nil {
		return nil, err
	}
	check, err := row.check()
	if err != nil {
		return nil, err
	}
	return &check, nil
}

// Checks lists the checks by id, those of one component when componentID
// is not zero.
func (s *Storage) Checks(ctx context.Context, componentID uint) ([]Check, error) {
	query := s.db.WithContext(ctx).Order("id")
	if componentID != 0 {
		query = query.Where("component_id = ?", componentID)
	}
	var rows []checkRow
	if err := query.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: list checks: %w", err)
	}
	checks := make([]Check, 0, len(rows))
	for _, row := range rows {
		check, err := row.check()
		if err != nil {
			return nil, err
		}
		checks = append(checks, check)
	}
	return checks, nil
}

// CheckResultCursor is where a page of results starts, newest first: after
// the result with this start and id. An ID of zero means every result that
// started before StartedAt, the cursor of clients that know no id (it skips
// the other results that started at that same instant). The zero cursor
// is the first page.
type CheckResultCursor struct {
	StartedAt time.Time
	ID        uint
}

// Validate refuses an id without the start of the same result (a
// *ValidationError naming before_id, as the APIs call it).
func (c CheckResultCursor) Validate() error {
	if c.ID != 0 && c.StartedAt.IsZero() {
		return invalid("before_id", "needs before, the started_at of the same result")
	}
	return nil
}

// After is the cursor of the page that follows the result.
func (r CheckResult) After() CheckResultCursor {
	return CheckResultCursor{StartedAt: r.StartedAt, ID: r.ID}
}

// CheckResults lists up to limit results of the check, newest first,
// started before before when it is not zero. CheckResultsPage, with the
// last result's cursor, pages without skipping results of other locations
// that started at the same instant.
func (s *Storage) CheckResults(ctx context.Context, checkID uint, before time.Time, limit int) ([]CheckResult, error) {
	return s.CheckResultsPage(ctx, checkID, CheckResultCursor{StartedAt: before}, limit)
}

// CheckResultsPage lists up to limit results of the check, newest first,
// from the cursor on (the next page starts after the last result's
// After()). limit is bounded by MaxCheckResultsPage; zero or less means
// DefaultCheckResultsPage. An unknown check is ErrNotFound.
func (s *Storage) CheckResultsPage(ctx context.Context, checkID uint, cursor CheckResultCursor, limit int) ([]CheckResult, error) {
	if limit <= 0 {
		limit = DefaultCheckResultsPage
	}
	limit = min(limit, MaxCheckResultsPage)
	db := s.db.WithContext(ctx)
	if _, err := checkRowByID(db, checkID); err != nil {
		return nil, err
	}
	var rows []checkResultRow
	if err := checkResultsQuery(db, checkID, cursor, limit).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: list results of check %d: %w", checkID, err)
	}
	results := make([]CheckResult, len(rows))
	for i, row := range rows {
		results[i] = row.result()
	}
	return results, nil
}

// checkResultsQuery selects a page of a check's results in the order of
// check_results_check_started_idx, so it reads limit index entries and
// sorts nothing; the row value (started_at, id) bounds the same index.
func checkResultsQuery(db *gorm.DB, checkID uint, cursor CheckResultCursor, limit int) *gorm.DB {
	query := db.Model(&checkResultRow{}).Where("check_id = ?", checkID)
	switch {
	case cursor.StartedAt.IsZero():
	case cursor.ID == 0:
		query = query.Where("started_at < ?", utc(cursor.StartedAt))
	default:
		query = query.Where("(started_at, id) < (?, ?)", utc(cursor.StartedAt), cursor.ID)
	}
	return query.Order("started_at DESC, id DESC").Limit(limit)
}
