package cli

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"statusdash/app/auth"
	"statusdash/app/auth/oidctest"
	"statusdash/app/config"
	"statusdash/app/servertest"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// answerBound is how long a request or a write may take while Redis is
// down or frozen: generous, it only tells an answer from a hang.
const answerBound = 10 * time.Second

// instance is one statusdash server process: its own database handle,
// Redis client and page cache, built as serve builds them.
type instance struct {
	handler http.Handler
	store   *store.Storage
}

func startInstance(t *testing.T, vars map[string]string) *instance {
	t.Helper()
	cfg, err := config.Load(func(key string) string { return vars[key] })
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	if err := config.EnsureSecretKey(&cfg); err != nil {
		t.Fatalf("secret key: %v", err)
	}
	b, err := openBackends(context.Background(), cfg, discardLogger())
	if err != nil {
		t.Fatalf("open backends: %v", err)
	}
	t.Cleanup(b.Close)
	server, err := newServer(cfg, b, nil, nil, discardLogger())
	if err != nil {
		t.Fatalf("new server: %v", err)
	}
	return &instance{handler: server.Handler(), store: b.store}
}

// outageDatabase is a database the instances of one test share.
type outageDatabase struct {
	name string
	url  func(t *testing.T) string
}

// outageDatabases are a migrated SQLite file and, when SDB_TEST_POSTGRES_URL
// is set, a migrated PostgreSQL database of its own.
func outageDatabases() []outageDatabase {
	databases := []outageDatabase{{"sqlite", func(t *testing.T) string {
		return storetest.MigratedSQLitePath(t)
	}}}
	if os.Getenv(storetest.PostgresURLVar) != "" {
		databases = append(databases, outageDatabase{"postgres", func(t *testing.T) string {
			return storetest.MigratedPostgresURL(t)
		}})
	}
	return databases
}

// instanceVars are the settings of an instance on the database and Redis.
func instanceVars(t *testing.T, databaseURL, redisURL string) map[string]string {
	t.Helper()
	dir := t.TempDir()
	return map[string]string{
		"SDB_DATABASE_URL": databaseURL,
		"SDB_REDIS_URL":    redisURL,
		"SDB_SECRET_KEY":   "redis-outage-test-secret-0123456789",
		"SDB_INSTANCE_DIR": dir,
		"SDB_CONFIG":       writeFile(t, dir, "empty.yaml", ""),
	}
}

// within runs fn and fails the test when it has not returned after
// answerBound; fn runs on another goroutine, so it must not call t.Fatal.
func within(t *testing.T, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(answerBound):
		t.Fatalf("%s: no answer within %s", what, answerBound)
	}
}

// versionSite is instances sharing one database and one Redis; the first
// one writes, by renaming the one service.
type versionSite struct {
	t         *testing.T
	redis     *servertest.Redis
	instances []*instance
	writes    int
}

// renameService writes through the first instance's store and returns the
// service's new name. The write must succeed, and promptly.
func (site *versionSite) renameService() string {
	site.t.Helper()
	site.writes++
	name := fmt.Sprintf("Elastic Cloud Server %d", site.writes)
	spec := store.CatalogSpec{
		Categories: []store.CategorySpec{{Name: "Compute", Slug: "compute"}},
		Regions:    []store.RegionSpec{{Name: "EU-DE", Slug: "eu-de"}},
		Services:   []store.ServiceSpec{{Name: name, Slug: "ecs", Category: "compute"}},
		Components: []store.ComponentSpec{{Service: "ecs", Region: "eu-de"}},
	}
	var err error
	within(site.t, "write "+name, func() {
		_, err = site.instances[0].store.ProvisionCatalog(context.Background(), store.BootstrapActor, spec, time.Now())
	})
	if err != nil {
		site.t.Fatalf("write %s: %v", name, err)
	}
	return name
}

// requireOverview reads / on every instance, each once, and fails unless
// each shows the service under name.
func (site *versionSite) requireOverview(name, when string) {
	site.t.Helper()
	for i, server := range site.instances {
		var status int
		var page string
		within(site.t, fmt.Sprintf("GET / on instance %d %s", i+1, when), func() {
			status, page = serveRequest(server.handler, "/", nil)
		})
		if status != http.StatusOK || !strings.Contains(page, name) {
			site.t.Errorf("instance %d %s: got %d, an overview without %q, want 200 with the last acknowledged write", i+1, when, status, name)
		}
	}
}

// TestNoStalePageThroughRedisOutages: a reader never sees a page older than
// the last acknowledged write, whatever Redis does, on one process and on
// two sharing the database and the Redis, each with its own page cache.
func TestNoStalePageThroughRedisOutages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		persist bool
		// writerOwnRedis gives the writing instance a Redis of its own that
		// goes away: its writes cannot reach Redis while the others' reads can.
		writerOwnRedis bool
		run            func(site *versionSite)
	}{
		{name: "write while Redis is down, restarted with its data", persist: true, run: func(site *versionSite) {
			site.redis.Stop()
			name := site.renameService()
			site.redis.Start()
			site.requireOverview(name, "after Redis came back with its data")
		}},
		{name: "write while Redis is down, restarted empty", run: func(site *versionSite) {
			site.redis.Stop()
			name := site.renameService()
			site.redis.Start()
			site.requireOverview(name, "after Redis came back empty")
		}},
		{name: "write right after a Redis restart", persist: true, run: func(site *versionSite) {
			site.redis.Stop()
			site.redis.Start()
			name := site.renameService()
			site.requireOverview(name, "right after the write")
		}},
		{name: "write while Redis is frozen", persist: true, run: func(site *versionSite) {
			site.redis.Freeze()
			name := site.renameService()
			site.requireOverview(name, "while Redis is frozen")
			site.redis.Thaw()
			site.requireOverview(name, "after Redis thawed")
		}},
		{name: "write by a process that cannot reach Redis while the others can", writerOwnRedis: true, run: func(site *versionSite) {
			name := site.renameService()
			site.requireOverview(name, "after a write whose process lost Redis")
		}},
	}
	for _, database := range outageDatabases() {
		for _, count := range []int{1, 2} {
			for _, tt := range tests {
				if tt.writerOwnRedis && count == 1 {
					continue // needs a second process that reaches Redis
				}
				t.Run(fmt.Sprintf("%s/%d instances/%s", database.name, count, tt.name), func(t *testing.T) {
					t.Parallel() // a database and Redis servers of its own
					databaseURL := database.url(t)
					redis := servertest.StartRedis(t, servertest.RedisOptions{Persist: tt.persist})
					site := &versionSite{t: t, redis: redis}
					writerRedis := redis
					if tt.writerOwnRedis {
						writerRedis = servertest.StartRedis(t, servertest.RedisOptions{})
					}
					site.instances = append(site.instances, startInstance(t, instanceVars(t, databaseURL, writerRedis.URL())))
					for len(site.instances) < count {
						site.instances = append(site.instances, startInstance(t, instanceVars(t, databaseURL, redis.URL())))
					}
					first := site.renameService()
					for range 2 { // the second read of each is a cache hit
						site.requireOverview(first, "before the outage")
					}
					if tt.writerOwnRedis {
						writerRedis.Stop()
					}
					tt.run(site)
				})
			}
		}
	}
}

// TestServeAnswersWithoutRedis: with Redis frozen or stopped, public pages
// and the API answer from the database, the operator pages answer 503
// saying sessions are unavailable, /readyz names Redis; once Redis is back
// everything works again without a restart.
func TestServeAnswersWithoutRedis(t *testing.T) {
	t.Parallel()
	provider := oidctest.Start(t)
	outages := servertest.RedisOutages()
	for _, database := range outageDatabases() {
		for _, outage := range outages {
			t.Run(database.name+"/"+outage.Name, func(t *testing.T) {
				t.Parallel() // a database and a Redis server of its own
				redis := servertest.StartRedis(t, servertest.RedisOptions{Persist: true})
				vars := instanceVars(t, database.url(t), redis.URL())
				vars["SDB_OIDC_ISSUER_URL"] = provider.Issuer()
				vars["SDB_OIDC_CLIENT_ID"], vars["SDB_OIDC_CLIENT_SECRET"] = provider.ClientID, provider.ClientSecret
				vars["SDB_OIDC_OPERATOR_GROUPS"] = "ops"
				site := &versionSite{t: t, redis: redis, instances: []*instance{startInstance(t, vars)}}
				name := site.renameService()
				server := site.instances[0]
				// A browser that signed in earlier: its session is in Redis, or was.
				sessionCookie := &http.Cookie{Name: auth.SessionCookie, Value: randomSessionID(t)}

				outage.Begin(redis)
				checks := []struct {
					target     string
					cookie     *http.Cookie
					wantStatus int
					wantBody   string // lower case
				}{
					{"/", nil, http.StatusOK, strings.ToLower(name)},
					{"/history", nil, http.StatusOK, ""},
					{"/api/v2/summary.json", nil, http.StatusOK, strings.ToLower(name)},
					{"/v2/components", nil, http.StatusOK, strings.ToLower(name)},
					{"/readyz", nil, http.StatusServiceUnavailable, "redis"},
					{"/manage", sessionCookie, http.StatusServiceUnavailable, "sessions are unavailable"},
					{"/login", nil, http.StatusServiceUnavailable, "sessions are unavailable"},
				}
				for _, check := range checks {
					var status int
					var body string
					within(t, "GET "+check.target+" with Redis "+outage.Name, func() {
						status, body = serveRequest(server.handler, check.target, check.cookie)
					})
					if status != check.wantStatus || !strings.Contains(strings.ToLower(body), check.wantBody) {
						t.Errorf("GET %s with Redis %s = %d %q, want %d with %q", check.target, outage.Name, status, shorten(body), check.wantStatus, check.wantBody)
					}
				}

				outage.End(redis)
				eventually(t, "/readyz answers 200 after Redis came back", func() bool {
					status, _ := serveRequest(server.handler, "/readyz", nil)
					return status == http.StatusOK
				})
				recovered := []struct {
					target     string
					cookie     *http.Cookie
					wantStatus int
					wantPlace  string // the redirect's target starts with it
				}{
					{"/login", nil, http.StatusSeeOther, provider.Issuer()},
					{"/manage", sessionCookie, http.StatusSeeOther, "/login"},
				}
				for _, check := range recovered {
					recorder := httptest.NewRecorder()
					request := httptest.NewRequest(http.MethodGet, check.target, nil)
					if check.cookie != nil {
						request.AddCookie(check.cookie)
					}
					server.handler.ServeHTTP(recorder, request)
					if got := recorder.Header().Get("Location"); recorder.Code != check.wantStatus || !strings.HasPrefix(got, check.wantPlace) {
						t.Errorf("GET %s after Redis came back = %d to %q, want %d to %s...", check.target, recorder.Code, got, check.wantStatus, check.wantPlace)
					}
				}
				site.requireOverview(site.renameService(), "after Redis came back")
			})
		}
	}
}

// serveRequest sends GET target, with cookie when not nil, to handler; it
// may run inside within.
func serveRequest(handler http.Handler, target string, cookie *http.Cookie) (int, string) {
	request := httptest.NewRequest(http.MethodGet, target, nil)
	if cookie != nil {
		request.AddCookie(cookie)
	}
	recorder := httptest.NewRecorder()
	handler.ServeHTTP(recorder, request)
	return recorder.Code, recorder.Body.String()
}

// randomSessionID is shaped like a session id: 32 random bytes, URL-safe.
func randomSessionID(t *testing.T) string {
	t.Helper()
	id := make([]byte, 32)
	if _, err := rand.Read(id); err != nil {
		t.Fatal(err)
	}
	return base64.RawURLEncoding.EncodeToString(id)
}

// eventually polls cond until it holds or answerBound passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(answerBound)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: still not true after %s", what, answerBound)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func shorten(body string) string {
	if len(body) > 300 {
		return body[:300] + "..."
	}
	return body
}

// TestServeStartsWhileRedisIsDown: a process started while Redis does not
// answer serves the public pages and the API from the database, and sign-in
// once Redis is back, without a restart.
func TestServeStartsWhileRedisIsDown(t *testing.T) {
	provider := oidctest.Start(t)
	redis := servertest.StartRedis(t, servertest.RedisOptions{})
	redis.Stop()
	vars := instanceVars(t, filepath.Join(t.TempDir(), "statusdash.db"), redis.URL())
	vars["SDB_OIDC_ISSUER_URL"] = provider.Issuer()
	vars["SDB_OIDC_CLIENT_ID"], vars["SDB_OIDC_CLIENT_SECRET"] = provider.ClientID, provider.ClientSecret
	vars["SDB_OIDC_OPERATOR_GROUPS"] = "ops"
	server := startInstance(t, vars)
	for target, want := range map[string]int{"/": http.StatusOK, "/v2/components": http.StatusOK, "/login": http.StatusServiceUnavailable} {
		if status, body := serveRequest(server.handler, target, nil); status != want {
			t.Errorf("GET %s with Redis down since the start = %d %q, want %d", target, status, shorten(body), want)
		}
	}
	redis.Start()
	eventually(t, "/login redirects to the provider once Redis is back", func() bool {
		status, _ := serveRequest(server.handler, "/login", nil)
		return status == http.StatusSeeOther
	})
}
