package cache

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/redis/go-redis/v9"
)

// openTimeout bounds the first Ping when the caller's context has no deadline,
// so a wrong address fails start-up quickly instead of hanging.
const openTimeout = 5 * time.Second

// Deadlines of every Redis call, used unless SDB_REDIS_URL sets go-redis's
// own dial_timeout, read_timeout, write_timeout, pool_timeout or
// max_retries. Redis answers within a millisecond on its network, so these
// only run out when it is frozen, partitioned or gone: a request then fails
// in about a second, not after go-redis's defaults (5 s per read, three
// retries, five dials).
const (
	defaultDialTimeout  = time.Second
	defaultReadTimeout  = 500 * time.Millisecond
	defaultWriteTimeout = 500 * time.Millisecond
	defaultPoolTimeout  = time.Second
	defaultMaxRetries   = 1
)

// incrScript increments and sets the expiry only when the key did not exist,
// in one atomic step (a separate EXPIRE could be lost or applied twice).
const incrScript = `
local existed = redis.call('EXISTS', KEYS[1])
local value = redis.call('INCR', KEYS[1])
if existed == 0 and tonumber(ARGV[1]) > 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return value`

var _ Cache = (*Redis)(nil)

// Redis is the Cache shared by every statusdash process. All keys are
// prefixed, so several installations (or tests) can share one database.
type Redis struct {
	client *redis.Client
	prefix string
	incr   *redis.Script
}

// NewRedis connects to the Redis at rawURL (redis://, rediss:// or unix://)
// and pings it, so a bad URL or unreachable server fails here.
func NewRedis(ctx context.Context, rawURL, prefix string) (*Redis, error) {
	r, err := OpenRedis(rawURL, prefix)
	if err != nil {
		return nil, err
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, openTimeout)
		defer cancel()
	}
	if err := r.Ping(ctx); err != nil {
		_ = r.Close()
		return nil, fmt.Errorf("cache: redis at %s does not answer: %w", redacted(rawURL), err)
	}
	return r, nil
}

// OpenRedis is NewRedis without the ping: a bad URL fails here, an
// unreachable server only the calls made while it is unreachable (go-redis
// connects as calls need it).
func OpenRedis(rawURL, prefix string) (*Redis, error) {
	options, err := redis.ParseURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("cache: redis URL %q: %w", redacted(rawURL), err)
	}
	withDeadlines(options)
	return &Redis{client: redis.NewClient(options), prefix: prefix, incr: redis.NewScript(incrScript)}, nil
}

// withDeadlines fills in the deadlines the URL left unset.
func withDeadlines(options *redis.Options) {
	if options.DialTimeout == 0 {
		options.DialTimeout = defaultDialTimeout
	}
	if options.ReadTimeout == 0 {
		options.ReadTimeout = defaultReadTimeout
	}
	if options.WriteTimeout == 0 {
		options.WriteTimeout = defaultWriteTimeout
	}
	if options.PoolTimeout == 0 {
		options.PoolTimeout = defaultPoolTimeout
	}
	if options.MaxRetries == 0 {
		options.MaxRetries = defaultMaxRetries
	}
	// One dial per attempt; MaxRetries already tries again.
	options.DialerRetries = 1
	// A caller's own deadline (a request's, /readyz's) counts too.
	options.ContextTimeoutEnabled = true
}

// Get returns the value under key, or ErrMiss.
func (r *Redis) Get(ctx context.Context, key string) ([]byte, error) {
	value, err := r.client.Get(ctx, r.prefix+key).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, ErrMiss
	}
	if err != nil {
		return nil, fmt.Errorf("cache: redis get %q: %w", key, err)
	}
	return value, nil
}

// Set stores value under key; a ttl of 0 keeps it until deleted.
func (r *Redis) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if ttl < 0 {
		return fmt.Errorf("cache: set %q: negative ttl %s", key, ttl)
	}
	if err := r.client.Set(ctx, r.prefix+key, value, ttl).Err(); err != nil {
		return fmt.Errorf("cache: redis set %q: %w", key, err)
	}
	return nil
}

// Delete removes key; deleting a missing key is not an error.
func (r *Redis) Delete(ctx context.Context, key string) error {
	if err := r.client.Del(ctx, r.prefix+key).Err(); err != nil {
		return fmt.Errorf("cache: redis delete %q: %w", key, err)
	}
	return nil
}

// Incr adds one to the integer under key and sets the ttl only when the key is new.
func (r *Redis) Incr(ctx context.Context, key string, ttl time.Duration) (int64, error) {
	if ttl < 0 {
		return 0, fmt.Errorf("cache: incr %q: negative ttl %s", key, ttl)
	}
	milliseconds := ttl.Milliseconds()
	if ttl > 0 && milliseconds == 0 {
		milliseconds = 1 // a sub-millisecond ttl still expires
	}
	value, err := r.incr.Run(ctx, r.client, []string{r.prefix + key}, milliseconds).Int64()
	if err != nil {
		return 0, fmt.Errorf("cache: redis incr %q: %w", key, err)
	}
	return value, nil
}

// Ping checks that Redis answers.
func (r *Redis) Ping(ctx context.Context) error {
	if err := r.client.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("cache: redis ping: %w", err)
	}
	return nil
}

// Close releases the connection pool.
func (r *Redis) Close() error {
	if err := r.client.Close(); err != nil {
		return fmt.Errorf("cache: redis close: %w", err)
	}
	return nil
}

// redacted hides a password in a Redis URL before it goes into an error.
func redacted(rawURL string) string {
	parsed, err := url.Parse(rawURL)
	if err != nil {
		return "(unparsable URL)"
	}
	return parsed.Redacted()
}
