package apiauth

import (
	"context"
	"fmt"
	"time"

	"statusdash/app/cache"
)

// Limiter counts API writes per credential in fixed one-minute windows in
// the shared cache, so every process behind a load balancer counts together
// when the cache is Redis.
type Limiter struct {
	cache     cache.Cache
	perMinute int
	now       func() time.Time
}

// NewLimiter allows perMinute writes per credential and minute; 0 turns the limit off.
func NewLimiter(c cache.Cache, perMinute int, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{cache: c, perMinute: perMinute, now: now}
}

// Allow counts one write by subject. When the limit is reached it answers
// false and the whole seconds until the next window.
func (l *Limiter) Allow(ctx context.Context, subject string) (ok bool, retryAfter int, err error) {
	if l == nil || l.perMinute <= 0 || l.cache == nil {
		return true, 0, nil
	}
	now := l.now().UTC()
	window := now.Truncate(time.Minute)
	key := fmt.Sprintf("apilimit:%s:%d", subject, window.Unix())
	count, err := l.cache.Incr(ctx, key, 2*time.Minute)
	if err != nil {
		return false, 0, fmt.Errorf("apiauth: count writes: %w", err)
	}
	if count <= int64(l.perMinute) {
		return true, 0, nil
	}
	wait := window.Add(time.Minute).Sub(now)
	return false, max(1, int((wait+time.Second-1)/time.Second)), nil
}
