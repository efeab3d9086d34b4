package cache

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// eachCache runs fn against a fresh Memory and, when SDB_TEST_REDIS_URL is
// set, a Redis under a unique prefix whose keys are deleted afterwards.
func eachCache(t *testing.T, fn func(t *testing.T, c Cache)) {
	t.Helper()
	t.Run("memory", func(t *testing.T) {
		m := NewMemory()
		t.Cleanup(func() { _ = m.Close() })
		fn(t, m)
	})
	t.Run("redis", func(t *testing.T) {
		fn(t, openTestRedis(t))
	})
}

// openTestRedis opens the test Redis under a random prefix, or skips.
func openTestRedis(t *testing.T) *Redis {
	t.Helper()
	url := os.Getenv("SDB_TEST_REDIS_URL")
	if url == "" {
		t.Skip("SDB_TEST_REDIS_URL not set")
	}
	random := make([]byte, 8)
	_, _ = rand.Read(random)
	prefix := "sdbtest:" + hex.EncodeToString(random) + ":"
	r, err := NewRedis(context.Background(), url, prefix)
	if err != nil {
		t.Fatalf("NewRedis: %v", err)
	}
	t.Cleanup(func() {
		ctx := context.Background()
		keys, err := r.client.Keys(ctx, prefix+"*").Result()
		if err == nil && len(keys) > 0 {
			err = r.client.Del(ctx, keys...).Err()
		}
		if err != nil {
			t.Errorf("delete test keys under %s: %v", prefix, err)
		}
		_ = r.Close()
	})
	return r
}

// eventually polls cond until it holds or a generous deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: still not true after 10s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestCacheContract(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T, ctx context.Context, c Cache)
	}{
		{"get missing key is ErrMiss", func(t *testing.T, ctx context.Context, c Cache) {
			if got, err := c.Get(ctx, "absent"); !errors.Is(err, ErrMiss) {
				t.Errorf("Get(absent) = %q, %v, want ErrMiss", got, err)
			}
		}},
		{"set then get", func(t *testing.T, ctx context.Context, c Cache) {
			mustSet(t, c, "k", "v1", 0)
			assertValue(t, c, "k", "v1")
		}},
		{"set overwrites", func(t *testing.T, ctx context.Context, c Cache) {
			mustSet(t, c, "k", "v1", 0)
			mustSet(t, c, "k", "v2", time.Hour)
			assertValue(t, c, "k", "v2")
		}},
		{"empty value is a hit", func(t *testing.T, ctx context.Context, c Cache) {
			mustSet(t, c, "k", "", 0)
			assertValue(t, c, "k", "")
		}},
		{"value is copied", func(t *testing.T, ctx context.Context, c Cache) {
			value := []byte("abc")
			if err := c.Set(ctx, "k", value, 0); err != nil {
				t.Fatal(err)
			}
			value[0] = 'X'
			got, _ := c.Get(ctx, "k")
			got[1] = 'Y'
			assertValue(t, c, "k", "abc")
		}},
		{"ttl expires", func(t *testing.T, ctx context.Context, c Cache) {
			mustSet(t, c, "short", "v", 50*time.Millisecond)
			mustSet(t, c, "forever", "v", 0)
			eventually(t, "short-lived key expired", func() bool {
				_, err := c.Get(ctx, "short")
				return errors.Is(err, ErrMiss)
			})
			assertValue(t, c, "forever", "v")
		}},
		{"negative ttl is refused", func(t *testing.T, ctx context.Context, c Cache) {
			if err := c.Set(ctx, "k", []byte("v"), -time.Second); err == nil {
				t.Error("Set with negative ttl: got nil error")
			}
			if _, err := c.Incr(ctx, "n", -time.Second); err == nil {
				t.Error("Incr with negative ttl: got nil error")
			}
		}},
		{"delete", func(t *testing.T, ctx context.Context, c Cache) {
			mustSet(t, c, "k", "v", 0)
			if err := c.Delete(ctx, "k"); err != nil {
				t.Fatalf("Delete: %v", err)
			}
			if _, err := c.Get(ctx, "k"); !errors.Is(err, ErrMiss) {
				t.Errorf("Get after Delete: err = %v, want ErrMiss", err)
			}
			if err := c.Delete(ctx, "never-set"); err != nil {
				t.Errorf("Delete(missing) = %v, want nil", err)
			}
		}},
		{"incr counts from zero", func(t *testing.T, ctx context.Context, c Cache) {
			for want := int64(1); want <= 3; want++ {
				got, err := c.Incr(ctx, "n", 0)
				if err != nil || got != want {
					t.Fatalf("Incr = %d, %v, want %d", got, err, want)
				}
			}
			assertValue(t, c, "n", "3")
		}},
		{"incr continues a set integer", func(t *testing.T, ctx context.Context, c Cache) {
			mustSet(t, c, "n", "41", 0)
			if got, err := c.Incr(ctx, "n", time.Hour); err != nil || got != 42 {
				t.Errorf("Incr = %d, %v, want 42", got, err)
			}
		}},
		{"incr on a non-integer fails", func(t *testing.T, ctx context.Context, c Cache) {
			mustSet(t, c, "n", "abc", 0)
			if got, err := c.Incr(ctx, "n", 0); err == nil {
				t.Errorf("Incr(non-integer) = %d, nil, want an error", got)
			}
		}},
		{"incr ttl set when new and kept by later incr", func(t *testing.T, ctx context.Context, c Cache) {
			if _, err := c.Incr(ctx, "n", 50*time.Millisecond); err != nil {
				t.Fatal(err)
			}
			// A later Incr with a long ttl must not extend the window.
			if _, err := c.Incr(ctx, "n", time.Hour); err != nil {
				t.Fatal(err)
			}
			eventually(t, "counter expired", func() bool {
				_, err := c.Get(ctx, "n")
				return errors.Is(err, ErrMiss)
			})
			if got, err := c.Incr(ctx, "n", time.Hour); err != nil || got != 1 {
				t.Errorf("Incr after expiry = %d, %v, want 1", got, err)
			}
		}},
		{"ping", func(t *testing.T, ctx context.Context, c Cache) {
			if err := c.Ping(ctx); err != nil {
				t.Errorf("Ping = %v", err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eachCache(t, func(t *testing.T, c Cache) {
				tt.run(t, context.Background(), c)
			})
		})
	}
}

func mustSet(t *testing.T, c Cache, key, value string, ttl time.Duration) {
	t.Helper()
	if err := c.Set(context.Background(), key, []byte(value), ttl); err != nil {
		t.Fatalf("Set(%q): %v", key, err)
	}
}

func assertValue(t *testing.T, c Cache, key, want string) {
	t.Helper()
	got, err := c.Get(context.Background(), key)
	if err != nil || string(got) != want {
		t.Errorf("Get(%q) = %q, %v, want %q", key, got, err, want)
	}
}

func TestMemoryClosed(t *testing.T) {
	m := NewMemory()
	if err := m.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	ctx := context.Background()
	if err := m.Ping(ctx); err == nil {
		t.Error("Ping after Close: got nil error")
	}
	if err := m.Set(ctx, "k", nil, 0); err == nil {
		t.Error("Set after Close: got nil error")
	}
}

func TestMemorySweepDropsUnreadKeys(t *testing.T) {
	m := NewMemory()
	defer m.Close()
	for i := range 10 {
		mustSet(t, m, "old"+strconv.Itoa(i), "v", time.Nanosecond)
	}
	expired := time.Now().Add(time.Millisecond)
	eventually(t, "keys expired", func() bool { return time.Now().After(expired) })
	m.mu.Lock()
	m.nextSweep = time.Time{} // force the next write to sweep
	m.mu.Unlock()
	mustSet(t, m, "fresh", "v", 0)
	m.mu.Lock()
	remaining := len(m.entries)
	m.mu.Unlock()
	if remaining != 1 {
		t.Errorf("entries after sweep = %d, want 1", remaining)
	}
}

func TestNewRedisBadURL(t *testing.T) {
	tests := []struct{ name, url string }{
		{"not a redis URL", "http://example.com"},
		{"nothing listening", "redis://127.0.0.1:1/0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewRedis(context.Background(), tt.url, "x:")
			if err == nil {
				_ = r.Close()
				t.Fatalf("NewRedis(%q): got nil error", tt.url)
			}
		})
	}
}

func TestNewRedisErrorHidesPassword(t *testing.T) {
	_, err := NewRedis(context.Background(), "redis://user:secret@127.0.0.1:1/0", "x:")
	if err == nil {
		t.Fatal("NewRedis: got nil error")
	}
	if got := err.Error(); strings.Contains(got, "secret") {
		t.Errorf("error %q reveals the password", got)
	}
}
