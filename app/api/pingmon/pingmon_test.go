package pingmon_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/api/pingmon"
	"statusdash/app/monitor/decide"
	"statusdash/app/monitor/probe"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// The four answers carry the ping monitor's fields, with nulls where it had them.
func TestAnswers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		ctx := context.Background()
		base := time.Now().UTC().Truncate(time.Second).Add(-time.Hour)
		storetest.SeedComponent(t, s)
		actor := store.Actor{Subject: "test"}
		var ids []uint
		for _, in := range []store.NewCheck{
			{ComponentID: 1, Definition: probe.Definition{Kind: probe.KindHTTP, Target: "https://Example.org/health", Interval: 30 * time.Second}},
			{ComponentID: 1, Definition: probe.Definition{Kind: probe.KindTCP, Target: "example.org:443", Interval: 30 * time.Second}},
			{ComponentID: 1, Definition: probe.Definition{Kind: probe.KindHeartbeat, Interval: time.Hour}, HeartbeatTokenHash: "ab12"},
		} {
			check, err := s.CreateCheck(ctx, actor, in, base)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, check.ID)
		}
		// The http check fails three rounds; the tcp check succeeds once.
		decider := decide.New(decide.Deps{Store: s})
		for n := range 3 {
			slot := base.Add(time.Duration(n) * 30 * time.Second)
			results := []store.CheckResult{{CheckID: ids[0], Location: "local", SlotAt: slot, StartedAt: slot, Outcome: probe.OutcomeDown, Reason: "status 503"}}
			if n == 0 {
				results = append(results, store.CheckResult{CheckID: ids[1], Location: "local", SlotAt: slot, StartedAt: slot, Outcome: probe.OutcomeUp})
			}
			if err := s.AddCheckResults(ctx, results); err != nil {
				t.Fatal(err)
			}
			if err := decider.DecideRounds(ctx, results, slot.Add(time.Second)); err != nil {
				t.Fatal(err)
			}
		}
		e := echo.New()
		pingmon.New(pingmon.Deps{Store: s}).Register(e)
		get := func(path string, want int) []map[string]any {
			t.Helper()
			recorder := httptest.NewRecorder()
			e.ServeHTTP(recorder, httptest.NewRequest(http.MethodGet, path, nil))
			if recorder.Code != want {
				t.Fatalf("GET %s: %d %s, want %d", path, recorder.Code, recorder.Body, want)
			}
			if want != http.StatusOK {
				return nil
			}
			if got := recorder.Header().Get("Cache-Control"); got != "public, max-age=10" {
				t.Errorf("GET %s: Cache-Control %q", path, got)
			}
			var body []map[string]any
			if err := json.Unmarshal(recorder.Body.Bytes(), &body); err != nil {
				t.Fatalf("GET %s: %v: %s", path, err, recorder.Body)
			}
			return body
		}
		keys := func(objects []map[string]any) [][]string {
			var all [][]string
			for _, o := range objects {
				var k []string
				for key := range o {
					k = append(k, key)
				}
				slices.Sort(k)
				all = append(all, k)
			}
			return all
		}
		checkKeys := []string{"domain", "id", "last_performed", "status"}
		all := get("/status", http.StatusOK)
		if !reflect.DeepEqual(keys(all), [][]string{checkKeys, checkKeys, checkKeys}) {
			t.Fatalf("GET /status keys %v", keys(all))
		}
		first := base.Add(time.Minute).Format(time.RFC3339)
		want := []map[string]any{
			{"id": float64(ids[0]), "domain": "example.org", "last_performed": first, "status": false},
			{"id": float64(ids[1]), "domain": "example.org", "last_performed": base.Format(time.RFC3339), "status": true},
			{"id": float64(ids[2]), "domain": "", "last_performed": nil, "status": true},
		}
		if !reflect.DeepEqual(all, want) {
			t.Errorf("GET /status = %v, want %v", all, want)
		}
		if down := get("/status/down", http.StatusOK); !reflect.DeepEqual(down, want[:1]) {
			t.Errorf("GET /status/down = %v, want %v", down, want[:1])
		}
		if service := get("/status/service/EXAMPLE.org", http.StatusOK); !reflect.DeepEqual(service, want[:2]) {
			t.Errorf("GET /status/service/EXAMPLE.org = %v, want %v", service, want[:2])
		}
		incidents := get("/status/service/example.org/incidents", http.StatusOK)
		if len(incidents) != 1 || !reflect.DeepEqual(keys(incidents)[0], []string{"check_id", "description", "down_detection", "id", "up_detection"}) ||
			incidents[0]["check_id"] != float64(ids[0]) || incidents[0]["up_detection"] != nil ||
			incidents[0]["description"] != "HTTP check of https://Example.org/health failing from local: status 503" {
			t.Errorf("GET /status/service/example.org/incidents = %v, want one open downtime of check %d", incidents, ids[0])
		}
		get("/status/service/nowhere.test", http.StatusNotFound)
		get("/status/service/nowhere.test/incidents", http.StatusNotFound)
	})
}
