package apiauth

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"statusdash/app/cache"
	"statusdash/app/config"
)

// countTimeout bounds the cache call that counts a write: a cache that does
// not answer within it lets the write through.
const countTimeout = 500 * time.Millisecond

// warnInterval spaces the warnings about a cache that cannot count, so an
// outage logs a line a minute rather than one per write.
const warnInterval = time.Minute

// Limits are the writes per minute each bucket allows; 0 turns a limit off.
type Limits struct {
	// PerCredential applies to each API token and each OIDC subject.
	PerCredential int
	// SharedSecret applies to every JWT signed with the shared secret together.
	SharedSecret int
}

// LimitsOf reads the limits from the configuration.
func LimitsOf(cfg config.Config) Limits {
	return Limits{PerCredential: cfg.APIWritesPerMinute, SharedSecret: cfg.APISecretWritesPerMinute}
}

// Decision is the limiter's answer for one write.
type Decision struct {
	Allowed bool
	// Limit is the bucket's writes per minute (0: unlimited).
	Limit int
	// RetryAfter is the whole seconds until the bucket's next window, when refused.
	RetryAfter int
}

// Limiter counts API writes per credential bucket (Credential.Bucket) in
// fixed one-minute windows in the shared cache, so every process behind a
// load balancer counts together when the cache is Redis.
type Limiter struct {
	cache  cache.Cache
	limits Limits
	now    func() time.Time
	logger *slog.Logger

	mu       sync.Mutex
	warnedAt time.Time
}

// LimiterOptions are the optional parts of a Limiter.
type LimiterOptions struct {
	Now    func() time.Time
	Logger *slog.Logger
}

// NewLimiter counts in c; a nil cache turns every limit off.
func NewLimiter(c cache.Cache, limits Limits, opts LimiterOptions) *Limiter {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Limiter{cache: c, limits: limits, now: opts.Now, logger: opts.Logger}
}

// Allow counts one write by the credential. When the cache cannot count
// within countTimeout the write is allowed and a warning logged: monitoring
// reports must get through while the cache is down, as a status page
// matters most during an outage.
func (l *Limiter) Allow(ctx context.Context, credential Credential) Decision {
	if l == nil || l.cache == nil {
		return Decision{Allowed: true}
	}
	limit := l.limits.PerCredential
	if credential.Kind == KindSharedJWT {
		limit = l.limits.SharedSecret
	}
	if limit <= 0 {
		return Decision{Allowed: true}
	}
	now := l.now().UTC()
	window := now.Truncate(time.Minute)
	key := fmt.Sprintf("apilimit:%s:%d", credential.Bucket(), window.Unix())
	count, err := l.count(ctx, key)
	if err != nil {
		l.warn(err)
		return Decision{Allowed: true, Limit: limit}
	}
	if count <= int64(limit) {
		return Decision{Allowed: true, Limit: limit}
	}
	wait := window.Add(time.Minute).Sub(now)
	return Decision{Limit: limit, RetryAfter: max(1, int((wait+time.Second-1)/time.Second))}
}

// count increments key within countTimeout, whatever deadlines the cache
// was configured with (SDB_REDIS_URL may set longer ones).
func (l *Limiter) count(ctx context.Context, key string) (int64, error) {
	ctx, cancel := context.WithTimeout(ctx, countTimeout)
	defer cancel()
	count, err := l.cache.Incr(ctx, key, 2*time.Minute)
	if err != nil {
		return 0, fmt.Errorf("apiauth: count writes: %w", err)
	}
	return count, nil
}

// warn logs that writes go uncounted, at most once per warnInterval.
func (l *Limiter) warn(err error) {
	l.mu.Lock()
	now := time.Now()
	due := now.Sub(l.warnedAt) >= warnInterval
	if due {
		l.warnedAt = now
	}
	l.mu.Unlock()
	if due {
		l.logger.Warn("apiauth: the cache cannot count API writes; letting them through unlimited", "error", err)
	}
}
