package apiauth_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"statusdash/app/apiauth"
	"statusdash/app/auth/oidctest"
	"statusdash/app/cache"
	"statusdash/app/servertest"
	"statusdash/app/store"
)

// twoTokens holds two API tokens of the same name (say one replaced the
// other): each is its own credential.
type twoTokens struct{}

func (twoTokens) APITokenByHash(_ context.Context, hash string) (*store.APIToken, error) {
	switch hash {
	case apiauth.HashToken("sdb_first"):
		return &store.APIToken{ID: 1, Name: "zabbix", Role: store.TokenRoleOperator}, nil
	case apiauth.HashToken("sdb_second"):
		return &store.APIToken{ID: 2, Name: "zabbix", Role: store.TokenRoleOperator}, nil
	}
	return nil, store.ErrNotFound
}

// TestLimiterBuckets counts writes per credential: one bucket per API token,
// one per OIDC subject, one for the shared secret whatever the sub of its
// JWTs, each with its setting; on the in-process cache and on Redis.
func TestLimiterBuckets(t *testing.T) {
	p := oidctest.Start(t)
	cfg := oidcConfig(p)
	// 12:00:50: a refused write may retry in 10 s, at the next window.
	now := time.Date(2026, 5, 20, 12, 0, 50, 0, time.UTC)
	clock := func() time.Time { return now }
	v := apiauth.NewVerifier(cfg, twoTokens{}, apiauth.Options{Now: clock})
	sharedJWT := func(sub string) string {
		token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": sub, "stackmon": "x"}).SignedString([]byte(cfg.SecretKey))
		if err != nil {
			t.Fatal(err)
		}
		return token
	}
	oidcToken := func(sub string) string {
		// The same user name for both subjects: the subject tells them apart.
		return p.SignToken(t, jwt.MapClaims{"aud": oidctest.ClientID, "sub": sub, "preferred_username": "ada",
			"iat": now.Unix(), "exp": now.Add(time.Hour).Unix()})
	}
	type write struct {
		token   string
		allowed bool
	}
	tests := []struct {
		name   string
		limits apiauth.Limits
		writes []write
	}{
		{"a new sub per shared-secret JWT is one bucket", apiauth.Limits{PerCredential: 100, SharedSecret: 2}, []write{
			{sharedJWT("a"), true}, {sharedJWT("b"), true}, {sharedJWT("c"), false}, {sharedJWT(""), false}}},
		{"two API tokens have separate buckets", apiauth.Limits{PerCredential: 1, SharedSecret: 100}, []write{
			{"sdb_first", true}, {"sdb_first", false}, {"sdb_second", true}, {"sdb_second", false}}},
		{"two OIDC subjects have separate buckets", apiauth.Limits{PerCredential: 1, SharedSecret: 100}, []write{
			{oidcToken("u-1"), true}, {oidcToken("u-1"), false}, {oidcToken("u-2"), true}}},
		{"the shared secret has its own setting", apiauth.Limits{PerCredential: 1, SharedSecret: 3}, []write{
			{sharedJWT("a"), true}, {"sdb_first", true}, {sharedJWT("b"), true}, {"sdb_first", false},
			{sharedJWT("c"), true}, {sharedJWT("d"), false}}},
		{"0 turns a limit off", apiauth.Limits{PerCredential: 1, SharedSecret: 0}, []write{
			{sharedJWT("a"), true}, {sharedJWT("a"), true}, {sharedJWT("a"), true}, {"sdb_first", true}, {"sdb_first", false}}},
	}
	run := func(t *testing.T, open func(t *testing.T) cache.Cache) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				counts := open(t)
				t.Cleanup(func() { _ = counts.Close() })
				limiter := apiauth.NewLimiter(counts, tt.limits, apiauth.LimiterOptions{Now: clock})
				for i, w := range tt.writes {
					credential, err := v.Verify(context.Background(), "Bearer "+w.token)
					if err != nil {
						t.Fatalf("write %d: verify: %v", i, err)
					}
					got := limiter.Allow(context.Background(), credential)
					if got.Allowed != w.allowed {
						t.Errorf("write %d by %s: allowed = %v, want %v", i, credential.Bucket(), got.Allowed, w.allowed)
					}
					if !got.Allowed && got.RetryAfter != 10 {
						t.Errorf("write %d: retry after %d s, want 10", i, got.RetryAfter)
					}
				}
			})
		}
	}
	t.Run("memory", func(t *testing.T) {
		run(t, func(*testing.T) cache.Cache { return cache.NewMemory() })
	})
	t.Run("redis", func(t *testing.T) {
		server := servertest.StartRedis(t, servertest.RedisOptions{})
		// A key prefix of its own per case, in one private server.
		run(t, func(t *testing.T) cache.Cache {
			random := make([]byte, 8)
			_, _ = rand.Read(random)
			redis, err := cache.NewRedis(context.Background(), server.URL(), "limits:"+hex.EncodeToString(random)+":")
			if err != nil {
				t.Fatalf("NewRedis: %v", err)
			}
			return redis
		})
	})
}

// lockedBuffer collects log output written from several goroutines.
type lockedBuffer struct {
	mu     sync.Mutex
	buffer bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buffer.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buffer.String()
}

// TestLimiterWhenRedisFails: with Redis frozen or stopped, the limiter
// answers within its own deadline, whatever the cache's, and lets writes
// through (monitoring reports must get through an outage), with one
// warning rather than one per write.
func TestLimiterWhenRedisFails(t *testing.T) {
	tests := servertest.RedisOutages()
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			server := servertest.StartRedis(t, servertest.RedisOptions{})
			// Deadlines far longer than the limiter's, as SDB_REDIS_URL may set them.
			counts, err := cache.NewRedis(context.Background(), server.URL()+"?read_timeout=30s&write_timeout=30s&dial_timeout=30s", "limits:")
			if err != nil {
				t.Fatalf("NewRedis: %v", err)
			}
			t.Cleanup(func() { _ = counts.Close() })
			logs := &lockedBuffer{}
			limiter := apiauth.NewLimiter(counts, apiauth.Limits{PerCredential: 1, SharedSecret: 1},
				apiauth.LimiterOptions{Logger: slog.New(slog.NewTextHandler(logs, nil))})
			credential := apiauth.Credential{Kind: apiauth.KindAPIToken, Name: "zabbix", ID: "1"}
			if got := limiter.Allow(context.Background(), credential); !got.Allowed {
				t.Fatal("the first write was refused")
			}
			tt.Begin(server)
			// The write would be over the limit: only the failing cache lets it through.
			decisions := oidctest.AnswerAll(t, 5, 3*time.Second, func(int) apiauth.Decision {
				return limiter.Allow(context.Background(), credential)
			})
			for i, got := range decisions {
				if !got.Allowed {
					t.Errorf("write %d while Redis is %s: refused, want let through", i, tt.Name)
				}
			}
			if got := strings.Count(logs.String(), "level=WARN"); got != 1 {
				t.Errorf("warnings = %d, want 1:\n%s", got, logs.String())
			}
		})
	}
}
