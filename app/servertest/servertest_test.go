package servertest_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/redis/go-redis/v9"

	"statusdash/app/servertest"
)

func TestPostgresFreezeThawStopStart(t *testing.T) {
	server := servertest.StartPostgres(t)
	db, err := sql.Open("pgx", server.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ping := func(timeout time.Duration) error {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		var one int
		return db.QueryRowContext(ctx, "SELECT 1").Scan(&one)
	}
	if err := ping(5 * time.Second); err != nil {
		t.Fatalf("query a fresh server: %v", err)
	}
	server.Freeze()
	if err := ping(300 * time.Millisecond); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("query a frozen server: got %v, want a deadline exceeded", err)
	}
	server.Thaw()
	if err := ping(5 * time.Second); err != nil {
		t.Fatalf("query a thawed server: %v", err)
	}
	server.Stop()
	if err := ping(2 * time.Second); err == nil {
		t.Fatal("query a stopped server: got no error")
	}
	server.Start()
	if err := ping(5 * time.Second); err != nil {
		t.Fatalf("query a restarted server: %v", err)
	}
}

func TestRedisKeepsDataAcrossRestartOnlyWhenPersisting(t *testing.T) {
	for _, persist := range []bool{false, true} {
		server := servertest.StartRedis(t, servertest.RedisOptions{Persist: persist})
		client := redis.NewClient(&redis.Options{Addr: server.Addr(), MaxRetries: -1})
		ctx := context.Background()
		if err := client.Set(ctx, "k", "v", 0).Err(); err != nil {
			t.Fatalf("set: %v", err)
		}
		server.Stop()
		server.Start()
		got, err := client.Get(ctx, "k").Result()
		switch {
		case persist && got != "v":
			t.Errorf("persisting: got %q, %v after a restart, want v", got, err)
		case !persist && !errors.Is(err, redis.Nil):
			t.Errorf("not persisting: got %q, %v after a restart, want a miss", got, err)
		}
		_ = client.Close()
	}
}
