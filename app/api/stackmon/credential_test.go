package stackmon_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"statusdash/app/cache"
	"statusdash/app/cache/cachetest"
	"statusdash/app/config"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

func TestCredentials(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s, nil, nil)
		event := `{"title":"Down","impact":3,"components":[1],"start_date":"2026-05-20T11:00:00Z","type":"incident"}`
		component := `{"name":"Cloud Eye","attrs":[{"name":"type","value":"ces"},{"name":"region","value":"EU-DE"},{"name":"category","value":"Management"}]}`
		v1 := report("Elastic Cloud Server", "EU-DE", 1, "")
		hs384, err := jwt.NewWithClaims(jwt.SigningMethodHS384, jwt.MapClaims{"stackmon": "x"}).SignedString([]byte(testSecret))
		if err != nil {
			t.Fatal(err)
		}
		none, err := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims{"stackmon": "x"}).SignedString(jwt.UnsafeAllowNoneSignatureType)
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name, method, path, auth, body string
			status                         int
			want                           string
		}{
			{"v1 without credential", "POST", "/api/v1/component_status", "", v1, 401, `{"message":"missing credential: send Authorization: Bearer <token>"}`},
			{"v1 basic scheme", "POST", "/api/v1/component_status", "Basic dXNlcjpwYXNz", v1, 401, `{"message":"invalid credential"}`},
			{"v1 wrong secret", "POST", "/v1/component_status", "Bearer " + signJWT(t, "another-secret-0123456789", jwt.MapClaims{"stackmon": "x"}), v1, 401, `{"message":"invalid credential"}`},
			{"v1 HS384", "POST", "/v1/component_status", "Bearer " + hs384, v1, 401, `{"message":"invalid credential"}`},
			{"v1 alg none", "POST", "/v1/component_status", "Bearer " + none, v1, 401, `{"message":"invalid credential"}`},
			{"v1 expired", "POST", "/v1/component_status", "Bearer " + signJWT(t, testSecret, jwt.MapClaims{"stackmon": "x", "exp": start.Add(-time.Hour).Unix()}), v1, 401, `{"message":"invalid credential"}`},
			{"v1 JWT issued in the future", "POST", "/v1/component_status", "Bearer " + signJWT(t, testSecret, jwt.MapClaims{"stackmon": "x", "iat": start.Add(time.Minute).Unix()}), v1, 401,
				`{"message":"invalid credential: the token is issued in the future (iat); check the clock of the system that signs it"}`},
			{"v1 JWT issued within the leeway", "POST", "/v1/component_status", "Bearer " + signJWT(t, testSecret, jwt.MapClaims{"stackmon": "x", "iat": start.Add(20 * time.Second).Unix()}), report("Object Storage Service", "EU-DE", 1, ""), 201, ""},
			{"v1 JWT without payload key", "POST", "/v1/component_status", "Bearer " + signJWT(t, testSecret, jwt.MapClaims{}), v1, 401, `{"message":"invalid credential: the token lacks the \"stackmon\" key"}`},
			{"v1 JWT with a false payload key", "POST", "/v1/component_status", "Bearer " + signJWT(t, testSecret, jwt.MapClaims{"stackmon": false}), v1, 401, ""},
			{"v1 garbage token", "POST", "/v1/component_status", "Bearer nonsense", v1, 401, `{"message":"invalid credential"}`},
			{"v1 revoked-looking API token", "POST", "/v1/component_status", "Bearer sdb_unknown", v1, 401, `{"message":"invalid credential"}`},
			{"v1 lower-case scheme", "POST", "/v1/component_status", "bearer " + h.v1JWT, v1, 201, ""},
			{"v1 API token", "POST", "/v1/component_status", "BEARER " + h.operator, report("Elastic Cloud Server", "EU-NL", 1, ""), 201, ""},
			{"v2 without credential", "POST", "/v2/events", "", event, 401, `{"errMsg":"missing credential: send Authorization: Bearer <token>"}`},
			{"v2 bad token", "POST", "/v2/incidents", "Bearer x.y.z", event, 401, `{"errMsg":"invalid credential"}`},
			{"v2 JWT with {}", "POST", "/v2/events", "Bearer " + h.v2JWT, event, 200, ""},
			{"v2 operator may not add components", "POST", "/v2/components", "Bearer " + h.operator, component, 403, `{"errMsg":"the credential \"ops-script\" may not do this: it needs the admin role"}`},
			{"v2 shared JWT may not add components", "POST", "/v2/components", "Bearer " + h.v2JWT, component, 403, `{"errMsg":"the credential \"jwt\" may not do this: it needs the admin role"}`},
			{"v2 admin adds a component", "POST", "/v2/components", "Bearer " + h.admin, component, 201,
				`{"id":7,"name":"Cloud Eye","attributes":[{"name":"region","value":"EU-DE"},{"name":"category","value":"Management"},{"name":"type","value":"ces"}]}`},
			{"v2 reads need nothing", "GET", "/v2/components/7", "", "", 200, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got := h.doWith(tt.method, tt.path, tt.body, map[string]string{"Authorization": tt.auth, "Content-Type": "application/json"})
				got.expect(t, tt.status, tt.want)
				if tt.status == 401 && !strings.HasPrefix(got.header.Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("401 without WWW-Authenticate: %v", got.header)
				}
			})
		}
		actors := strings.Join(h.auditActors(), "\n")
		for _, want := range []string{"jwt:jwt event.report", "token:ops-script event.report", "jwt:jwt event.create", "token:catalog-admin component.create"} {
			if !strings.Contains(actors, want) {
				t.Errorf("audit log lacks %q:\n%s", want, actors)
			}
		}
	})
}

func TestTransportErrors(t *testing.T) {
	t.Parallel()
	h := newHarness(t, storetest.OpenSQLite(t), nil, nil)
	big := `{"name":"Elastic Cloud Server","impact":1,"text":"` + strings.Repeat("x", 1<<20) + `"}`
	tests := []struct {
		name, method, path, contentType, body string
		status                                int
		want                                  string
	}{
		{"v1 body over 1 MB", "POST", "/api/v1/component_status", "application/json", big, 413, `{"message":"the request body is larger than 1048576 bytes"}`},
		{"v2 body over 1 MB", "POST", "/v2/events", "application/json", big, 413, `{"errMsg":"the request body is larger than 1048576 bytes"}`},
		{"v1 form body", "POST", "/api/v1/component_status", "application/x-www-form-urlencoded", "name=x", 415, `{"message":"Content-Type must be application/json, got \"application/x-www-form-urlencoded\""}`},
		{"v2 text body", "PATCH", "/v2/events/1", "text/plain", "{}", 415, `{"errMsg":"Content-Type must be application/json, got \"text/plain\""}`},
		{"v1 JSON with charset", "POST", "/api/v1/component_status", "application/json; charset=utf-8", report("Elastic Cloud Server", "EU-DE", 1, ""), 201, ""},
		{"v1 without Content-Type", "POST", "/api/v1/component_status", "", report("Elastic Cloud Server", "EU-DE", 2, ""), 201, ""},
		{"v1 unknown path", "GET", "/api/v1/nothing", "", "", 404, `{"message":"Not Found"}`},
		{"v2 unknown path", "GET", "/v2/nothing", "", "", 404, `{"errMsg":"Not Found"}`},
		{"v2 wrong method", "DELETE", "/v2/events/1", "", "", 405, `{"errMsg":"method DELETE is not allowed here; allowed: GET, HEAD, PATCH"}`},
		{"v1 wrong method", "PUT", "/v1/incidents", "", "", 405, `{"message":"method PUT is not allowed here; allowed: GET, HEAD"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			headers := map[string]string{"Authorization": "Bearer " + h.operator, "Content-Type": tt.contentType}
			h.doWith(tt.method, tt.path, tt.body, headers).expect(t, tt.status, tt.want)
		})
	}
}

func TestRateLimit(t *testing.T) {
	t.Parallel()
	caches := map[string]func(t *testing.T) cache.Cache{
		"memory": func(t *testing.T) cache.Cache { return cache.NewMemory() },
		"redis":  func(t *testing.T) cache.Cache { return cachetest.OpenRedis(t, "stackmon") },
	}
	for name, open := range caches {
		t.Run(name, func(t *testing.T) {
			c := open(t)
			h := newHarness(t, storetest.OpenSQLite(t), func(cfg *config.Config) { cfg.APIWritesPerMinute, cfg.APISecretWritesPerMinute = 2, 2 }, c)
			h.advance(15 * time.Second)
			post := func(token string, impact int) response {
				return h.do(http.MethodPost, "/api/v1/component_status", token, report("Elastic Cloud Server", "EU-DE", impact, ""))
			}
			post(h.v1JWT, 1).expect(t, 201, "")
			post(h.v1JWT, 2).expect(t, 201, "")
			limited := post(h.v1JWT, 3)
			limited.expect(t, 429, `{"message":"too many writes: at most 2 per minute per credential; retry in 45 s"}`)
			if got := limited.header.Get("Retry-After"); got != "45" {
				t.Errorf("Retry-After = %q, want 45", got)
			}
			h.do(http.MethodPatch, "/v2/events/1", h.v2JWT, `{}`).expect(t, 429, "")
			// Another credential has its own budget; reads are never limited.
			post(h.operator, 3).expect(t, 201, "")
			h.do(http.MethodGet, "/v2/events", "", "").expect(t, 200, "")
			h.advance(time.Minute)
			post(h.v1JWT, 3).expect(t, 409, "")
		})
	}
}

// TestRateLimitPerCredential: the shared secret is one bucket whatever the
// sub of its JWTs, with its own setting, and each API token has its own.
func TestRateLimitPerCredential(t *testing.T) {
	t.Parallel()
	memory := cache.NewMemory()
	t.Cleanup(func() { _ = memory.Close() })
	h := newHarness(t, storetest.OpenSQLite(t), func(cfg *config.Config) { cfg.APIWritesPerMinute, cfg.APISecretWritesPerMinute = 1, 2 }, memory)
	second := h.createToken("ops-script-2", store.TokenRoleOperator)
	withSub := func(sub string) string { return signJWT(t, testSecret, jwt.MapClaims{"sub": sub, "stackmon": "x"}) }
	steps := []struct {
		name, token string
		limited     bool
		limit       int // in the 429's message
	}{
		{"JWT with sub a", withSub("a"), false, 0},
		{"JWT with sub b", withSub("b"), false, 0},
		{"JWT with sub c: the secret's two writes are used", withSub("c"), true, 2},
		{"JWT without sub", h.v1JWT, true, 2},
		{"first API token", h.operator, false, 0},
		{"first API token again", h.operator, true, 1},
		{"second API token", second, false, 0},
	}
	for _, step := range steps {
		got := h.do(http.MethodPost, "/api/v1/component_status", step.token, report("Elastic Cloud Server", "EU-DE", 1, ""))
		if limited := got.status == http.StatusTooManyRequests; limited != step.limited {
			t.Errorf("%s: status %d (%s), want limited %v", step.name, got.status, got.body, step.limited)
		}
		if step.limited && got.status == http.StatusTooManyRequests && !strings.Contains(got.body, "at most "+strconv.Itoa(step.limit)+" per minute") {
			t.Errorf("%s: 429 body %s does not give the limit %d", step.name, got.body, step.limit)
		}
	}
}
