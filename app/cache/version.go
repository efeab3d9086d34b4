package cache

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// VersionSource reports the data version that every write bumps; a cached
// page built at version v is current while the version is still v.
// *store.Storage and *RedisVersion implement it.
type VersionSource interface {
	DataVersion(ctx context.Context) (int64, error)
}

// versionKey is the Redis key (after the prefix) holding the data version.
const versionKey = "data-version"

var _ VersionSource = (*RedisVersion)(nil)

// RedisVersion keeps the data version in Redis, so every process sees a
// write's bump with one GET instead of a database query.
type RedisVersion struct {
	client *redis.Client
	key    string
}

// NewRedisVersion returns the data version kept under the Redis prefix.
func NewRedisVersion(r *Redis) *RedisVersion {
	return &RedisVersion{client: r.client, key: r.prefix + versionKey}
}

// DataVersion returns the current version: one GET, plus a SETNX the first
// time after Redis lost the key.
func (v *RedisVersion) DataVersion(ctx context.Context) (int64, error) {
	version, err := v.client.Get(ctx, v.key).Int64()
	if errors.Is(err, redis.Nil) {
		// Redis keeps nothing on disk: restart from the clock, which is far
		// above any count reached before, so no old version comes back.
		if err := v.client.SetNX(ctx, v.key, time.Now().UnixNano(), 0).Err(); err != nil {
			return 0, fmt.Errorf("cache: initialise data version: %w", err)
		}
		version, err = v.client.Get(ctx, v.key).Int64()
	}
	if err != nil {
		return 0, fmt.Errorf("cache: read data version: %w", err)
	}
	return version, nil
}

// Bump moves the version on after a committed write. It initialises a
// missing key from the clock first, in the same transaction, so a bump
// right after a Redis restart does not start again from 1.
func (v *RedisVersion) Bump(ctx context.Context) error {
	_, err := v.client.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
		pipe.SetNX(ctx, v.key, time.Now().UnixNano(), 0)
		pipe.Incr(ctx, v.key)
		return nil
	})
	if err != nil {
		return fmt.Errorf("cache: bump data version: %w", err)
	}
	return nil
}
