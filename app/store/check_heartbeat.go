package store

import (
	"context"
	"fmt"
	"time"
)

// RecordHeartbeat notes a ping at at on the heartbeat check whose token
// has the hash (apiauth.HashToken) and answers the check's id. No check
// with the hash is ErrNotFound. Like results, a ping bumps no data
// version: no page shows it until a worker evaluates the check.
func (s *Storage) RecordHeartbeat(ctx context.Context, tokenHash string, at time.Time) (uint, error) {
	if tokenHash == "" {
		return 0, fmt.Errorf("store: heartbeat: %w", ErrNotFound)
	}
	ctx, cancel := s.timeouts.withWrite(ctx)
	defer cancel()
	var ids []uint
	if err := s.db.WithContext(ctx).Raw("UPDATE checks SET last_beat_at = ? WHERE heartbeat_token_hash = ? RETURNING id",
		utc(at), tokenHash).Scan(&ids).Error; err != nil {
		return 0, fmt.Errorf("store: record heartbeat: %w", markUnavailable(err))
	}
	if len(ids) == 0 {
		return 0, fmt.Errorf("store: heartbeat: %w", ErrNotFound)
	}
	return ids[0], nil
}
