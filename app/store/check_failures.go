package store

import (
	"context"
	"fmt"
)

// failuresScan is how many of a check's newest results RecentCheckFailures
// looks through: a check that has been up for longer shows no failure,
// and a page costs the same however long it has been up.
const failuresScan = 1000

// RecentCheckFailures lists up to limit results of the check that were not
// up (down or degraded), newest first, among its newest failuresScan
// results. An unknown check is ErrNotFound.
func (s *Storage) RecentCheckFailures(ctx context.Context, checkID uint, limit int) ([]CheckResult, error) {
	limit = min(max(limit, 1), failuresScan)
	db := s.db.WithContext(ctx)
	if _, err := checkRowByID(db, checkID); err != nil {
		return nil, err
	}
	var rows []checkResultRow
	err := db.Raw("SELECT * FROM (SELECT id, check_id, location, slot_at, started_at, outcome, latency_us, reason FROM check_results "+
		"WHERE check_id = ? ORDER BY started_at DESC, id DESC LIMIT ?) recent WHERE outcome <> 'up' ORDER BY started_at DESC, id DESC LIMIT ?",
		checkID, failuresScan, limit).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: failures of check %d: %w", checkID, err)
	}
	results := make([]CheckResult, len(rows))
	for i, row := range rows {
		results[i] = row.result()
	}
	return results, nil
}
