package cache

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"statusdash/app/servertest"
)

// TestRedisDeadlines: the URL's own go-redis timeouts win; the others get
// statusdash's short defaults.
func TestRedisDeadlines(t *testing.T) {
	tests := []struct {
		name string
		url  string
		want redis.Options
	}{
		{"defaults", "redis://127.0.0.1:6379/0", redis.Options{
			DialTimeout: defaultDialTimeout, ReadTimeout: defaultReadTimeout, WriteTimeout: defaultWriteTimeout,
			PoolTimeout: defaultPoolTimeout, MaxRetries: defaultMaxRetries,
		}},
		{"set in the URL", "redis://127.0.0.1:6379/0?dial_timeout=3s&read_timeout=2s&write_timeout=4s&pool_timeout=5s&max_retries=2", redis.Options{
			DialTimeout: 3 * time.Second, ReadTimeout: 2 * time.Second, WriteTimeout: 4 * time.Second,
			PoolTimeout: 5 * time.Second, MaxRetries: 2,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := redis.ParseURL(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			withDeadlines(got)
			if got.DialTimeout != tt.want.DialTimeout || got.ReadTimeout != tt.want.ReadTimeout || got.WriteTimeout != tt.want.WriteTimeout ||
				got.PoolTimeout != tt.want.PoolTimeout || got.MaxRetries != tt.want.MaxRetries {
				t.Errorf("got dial %s, read %s, write %s, pool %s, retries %d; want %s, %s, %s, %s, %d",
					got.DialTimeout, got.ReadTimeout, got.WriteTimeout, got.PoolTimeout, got.MaxRetries,
					tt.want.DialTimeout, tt.want.ReadTimeout, tt.want.WriteTimeout, tt.want.PoolTimeout, tt.want.MaxRetries)
			}
			if !got.ContextTimeoutEnabled {
				t.Error("ContextTimeoutEnabled = false, want callers' deadlines honoured")
			}
		})
	}
}

// callBound is how long one Redis call may take while Redis is down:
// three times the defaults' worst case (a read and its retry), yet below
// go-redis's own 5 s read timeout, which a call waited before.
const callBound = 3 * time.Second

// TestRedisCallsFailPromptlyWhileRedisIsDown: every call on a frozen or
// stopped Redis fails within callBound, and works again once Redis is back.
func TestRedisCallsFailPromptlyWhileRedisIsDown(t *testing.T) {
	outages := servertest.RedisOutages()
	calls := []struct {
		name string
		call func(ctx context.Context, r *Redis) error
	}{
		{"get", func(ctx context.Context, r *Redis) error { _, err := r.Get(ctx, "k"); return err }},
		{"set", func(ctx context.Context, r *Redis) error { return r.Set(ctx, "other", []byte("v"), time.Minute) }},
		{"delete", func(ctx context.Context, r *Redis) error { return r.Delete(ctx, "other") }},
		{"incr", func(ctx context.Context, r *Redis) error { _, err := r.Incr(ctx, "n", time.Minute); return err }},
		{"ping", func(ctx context.Context, r *Redis) error { return r.Ping(ctx) }},
	}
	for _, outage := range outages {
		t.Run(outage.Name, func(t *testing.T) {
			server := servertest.StartRedis(t, servertest.RedisOptions{Persist: true})
			r, err := NewRedis(context.Background(), server.URL(), "test:")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = r.Close() })
			mustSet(t, r, "k", "v", 0)
			outage.Begin(server)
			for _, c := range calls {
				started := time.Now()
				err := c.call(context.Background(), r)
				if err == nil {
					t.Errorf("%s with Redis %s: got nil error", c.name, outage.Name)
				}
				if took := time.Since(started); took > callBound {
					t.Errorf("%s with Redis %s took %s, want a failure within %s", c.name, outage.Name, took, callBound)
				}
			}
			outage.End(server)
			eventually(t, "Get answers again after Redis came back", func() bool {
				got, err := r.Get(context.Background(), "k")
				return err == nil && string(got) == "v"
			})
			if _, err := r.Get(context.Background(), "absent"); !errors.Is(err, ErrMiss) {
				t.Errorf("Get(absent) after Redis came back: %v, want ErrMiss", err)
			}
		})
	}
}
