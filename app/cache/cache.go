// Package cache stores short-lived shared values (sessions, sign-ins in
// progress, rate limits) in Redis or, on the embedded default, in process
// memory. It also shares lookups of the data version that keys cached pages:
// the database's (*store.Storage), wrapped in Fresh so concurrent requests
// share lookups without ever missing a write acknowledged before they began
// (Shared leaves out Fresh for a source whose lookups are cheaper than
// sharing). The version is never kept in Redis: a copy there can go back
// (a restart with its data, a failover, a bump that failed) and readers
// could not tell.
package cache

import (
	"context"
	"errors"
	"time"
)

// VersionSource reports the data version that every write bumps; a cached
// page built at version v is current while the version is still v.
// *store.Storage implements it.
type VersionSource interface {
	DataVersion(ctx context.Context) (int64, error)
}

// ErrMiss is returned by Get when the key holds no value.
var ErrMiss = errors.New("cache: miss")

// Cache is implemented by Memory and Redis; one contract test runs against both.
type Cache interface {
	// Get returns the value under key, or ErrMiss.
	Get(ctx context.Context, key string) ([]byte, error)
	// Set stores value under key; a ttl of 0 keeps it until deleted.
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error
	// Delete removes key; deleting a missing key is not an error.
	Delete(ctx context.Context, key string) error
	// Incr adds one to the integer under key (0 when missing), sets the ttl
	// when the key is new, and returns the new value.
	Incr(ctx context.Context, key string, ttl time.Duration) (int64, error)
	// Ping checks that the cache answers.
	Ping(ctx context.Context) error
	// Close releases connections.
	Close() error
}
