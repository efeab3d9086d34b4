package store

import (
	"context"
	"fmt"
)

// ExistingCheckIDs answers which of the ids are checks still, so that a
// writer whose batch was refused can leave out the results of checks
// deleted while they ran.
func (s *Storage) ExistingCheckIDs(ctx context.Context, ids []uint) ([]uint, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	ctx, cancel := s.timeouts.withRead(ctx)
	defer cancel()
	var existing []uint
	if err := s.db.WithContext(ctx).Model(&checkRow{}).Where("id IN ?", ids).Pluck("id", &existing).Error; err != nil {
		return nil, fmt.Errorf("store: look up %d checks: %w", len(ids), markUnavailable(err))
	}
	return existing, nil
}
