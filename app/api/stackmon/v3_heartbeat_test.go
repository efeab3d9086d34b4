package stackmon_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"statusdash/app/cache"
	"statusdash/app/config"
	"statusdash/app/monitor/probe"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// createHeartbeat creates a heartbeat check through the API and answers its id and token.
func createHeartbeat(t *testing.T, h *harness) (uint, string) {
	t.Helper()
	var created struct {
		ID             uint   `json:"id"`
		HeartbeatToken string `json:"heartbeat_token"`
	}
	h.do(http.MethodPost, "/api/v3/checks", h.admin, `{"component_id":1,"kind":"heartbeat","interval_seconds":3600}`).decode(t, &created)
	if created.HeartbeatToken == "" {
		t.Fatal("the created heartbeat carries no token")
	}
	return created.ID, created.HeartbeatToken
}

// A ping with the token needs no credential and is kept on the check; an
// unknown token, a deleted check's and an overlong one get the same 404.
func TestV3HeartbeatPing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s, nil, nil)
		id, token := createHeartbeat(t, h)
		_, gone := createHeartbeat(t, h)
		if got := h.send(http.MethodDelete, "/api/v3/checks/2", "", map[string]string{"Authorization": bearer(h.admin)}); got.status != 204 {
			t.Fatalf("delete the second heartbeat: %d", got.status)
		}
		h.advance(time.Minute)
		h.do(http.MethodPost, "/api/v3/heartbeats/"+token, "", "").expect(t, 200, `{"received_at":"2026-05-20T12:01:00Z"}`)
		h.advance(time.Minute)
		h.do(http.MethodGet, "/api/v3/heartbeats/"+token, "", "").expect(t, 200, `{"received_at":"2026-05-20T12:02:00Z"}`)
		for name, path := range map[string]string{
			"unknown":  "/api/v3/heartbeats/not-a-token",
			"deleted":  "/api/v3/heartbeats/" + gone,
			"overlong": "/api/v3/heartbeats/" + strings.Repeat("x", 300),
		} {
			t.Run(name, func(t *testing.T) {
				h.do(http.MethodPost, path, "", "").expect(t, 404, `{"errMsg":"unknown heartbeat token"}`)
			})
		}

		claimed, err := s.ClaimDueChecks(context.Background(), store.CheckClaim{Owner: "test", Location: "local",
			Now: start.Add(24 * time.Hour), Limit: 10})
		if err != nil || len(claimed) != 1 || claimed[0].Check.ID != id {
			t.Fatalf("claim: %+v, %v; want the heartbeat", claimed, err)
		}
		ping := claimed[0].LastBeatAt
		if want := start.Add(2 * time.Minute); !ping.Equal(want) {
			t.Errorf("last ping %s, want %s", ping, want)
		}
		def, waiting := claimed[0].Check.Definition, claimed[0].Check.UpdatedAt
		if got := probe.HeartbeatResult(def, ping, waiting, ping.Add(time.Hour)); got.Outcome != probe.OutcomeUp {
			t.Errorf("an hour after the ping: %s, want up", got.Outcome)
		}
		if got := probe.HeartbeatResult(def, ping, waiting, ping.Add(2*time.Hour)); got.Outcome != probe.OutcomeDown {
			t.Errorf("two hours after the ping of an hourly job: %s, want down", got.Outcome)
		}
	})
}

// Pings count against the write budget per token.
func TestV3HeartbeatRateLimit(t *testing.T) {
	t.Parallel()
	s := storetest.OpenSQLite(t)
	h := newHarness(t, s, func(cfg *config.Config) { cfg.APIWritesPerMinute = 1 }, cache.NewMemory())
	_, token := createHeartbeat(t, h)
	h.do(http.MethodPost, "/api/v3/heartbeats/"+token, "", "").expect(t, 200, `{"received_at":"2026-05-20T12:00:00Z"}`)
	if got := h.do(http.MethodPost, "/api/v3/heartbeats/"+token, "", ""); got.status != http.StatusTooManyRequests || got.header.Get("Retry-After") == "" {
		t.Errorf("second ping in a minute with a budget of 1: %d, Retry-After %q; want 429 with Retry-After", got.status, got.header.Get("Retry-After"))
	}
}
