// Package cachetest opens the shared test Redis for tests in other
// packages: each test under a key prefix of its own, whose keys are deleted
// when it ends.
package cachetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"statusdash/app/cache"
)

// RedisURLVar names the variable that points the tests at a Redis.
const RedisURLVar = "SDB_TEST_REDIS_URL"

// cleanupTimeout bounds deleting a test's keys.
const cleanupTimeout = 10 * time.Second

// OpenRedis opens the Redis of SDB_TEST_REDIS_URL under the prefix
// "sdbtest:<name>:<random>:", or skips the test when the variable is not
// set. Every key under the prefix is deleted when the test ends.
func OpenRedis(t testing.TB, name string) *cache.Redis {
	t.Helper()
	url := os.Getenv(RedisURLVar)
	if url == "" {
		t.Skip(RedisURLVar + " not set")
	}
	random := make([]byte, 8)
	_, _ = rand.Read(random)
	prefix := "sdbtest:" + name + ":" + hex.EncodeToString(random) + ":"
	shared, err := cache.NewRedis(context.Background(), url, prefix)
	if err != nil {
		t.Fatalf("Redis at %s: %v", RedisURLVar, err)
	}
	t.Cleanup(func() {
		_ = shared.Close()
		if err := deletePrefix(url, prefix); err != nil {
			t.Errorf("delete the test's Redis keys under %s: %v", prefix, err)
		}
	})
	return shared
}

// deletePrefix deletes every key under prefix, on a client of its own: the
// cache hides its keys' prefix and lists none.
func deletePrefix(url, prefix string) error {
	options, err := redis.ParseURL(url)
	if err != nil {
		return err
	}
	client := redis.NewClient(options)
	defer client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()
	keys := client.Scan(ctx, 0, prefix+"*", 100).Iterator()
	for keys.Next(ctx) {
		if err := client.Del(ctx, keys.Val()).Err(); err != nil {
			return err
		}
	}
	return keys.Err()
}
