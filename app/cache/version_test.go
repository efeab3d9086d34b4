package cache

import (
	"context"
	"testing"
	"time"
)

func TestRedisVersion(t *testing.T) {
	r := openTestRedis(t)
	versions := NewRedisVersion(r)
	ctx := context.Background()

	before := time.Now().UnixNano()
	first, err := versions.DataVersion(ctx)
	if err != nil {
		t.Fatalf("DataVersion on a missing key: %v", err)
	}
	if first < before {
		t.Errorf("initial version = %d, want at least the clock %d", first, before)
	}
	if again, err := versions.DataVersion(ctx); err != nil || again != first {
		t.Errorf("second DataVersion = %d, %v, want %d", again, err, first)
	}
	if err := versions.Bump(ctx); err != nil {
		t.Fatalf("Bump: %v", err)
	}
	if got, err := versions.DataVersion(ctx); err != nil || got != first+1 {
		t.Errorf("DataVersion after Bump = %d, %v, want %d", got, err, first+1)
	}
}

func TestRedisVersionNeverRepeatsAfterRestart(t *testing.T) {
	tests := []struct {
		name        string
		afterDelete func(ctx context.Context, v *RedisVersion) error
	}{
		{"read first", func(context.Context, *RedisVersion) error { return nil }},
		{"bump first", func(ctx context.Context, v *RedisVersion) error { return v.Bump(ctx) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := openTestRedis(t)
			versions := NewRedisVersion(r)
			ctx := context.Background()
			if err := versions.Bump(ctx); err != nil {
				t.Fatal(err)
			}
			old, err := versions.DataVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// Redis restarted without persistence: the key is gone.
			if err := r.Delete(ctx, versionKey); err != nil {
				t.Fatal(err)
			}
			if err := tt.afterDelete(ctx, versions); err != nil {
				t.Fatal(err)
			}
			got, err := versions.DataVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got <= old {
				t.Errorf("version after restart = %d, want above %d", got, old)
			}
		})
	}
}

func TestFreshOverRedisVersion(t *testing.T) {
	r := openTestRedis(t)
	versions := NewRedisVersion(r)
	fresh := NewFresh(versions)
	ctx := context.Background()
	for range 5 {
		if err := versions.Bump(ctx); err != nil {
			t.Fatal(err)
		}
		want, err := versions.DataVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := fresh.DataVersion(ctx); err != nil || got != want {
			t.Errorf("Fresh.DataVersion = %d, %v, want %d", got, err, want)
		}
	}
}
