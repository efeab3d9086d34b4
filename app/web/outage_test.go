package web

import (
	"compress/gzip"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"statusdash/app/servertest"
	"statusdash/app/store/storetest"
)

// answerBound is how long a request may take while the database is down:
// far above the timeouts, only to tell an answer from a hang.
const answerBound = 8 * time.Second

const staleWarning = `110 - "Response is Stale"`

// outageCheck is one request made while the database is down and what it
// must answer.
type outageCheck struct {
	name, method, path, token, body string
	status                          int
	contains                        string            // in the body, gunzipped
	header                          map[string]string // exact values
}

// TestPostgresOutage: with PostgreSQL frozen (a partition looks the same)
// or stopped (connections refused), pages built before answer their last
// good copy marked stale, pages never built and every API call answer 503
// with Retry-After in their family's format, nothing hangs, and once the
// database is back everything works again without a restart.
func TestPostgresOutage(t *testing.T) {
	t.Parallel()
	tests := servertest.PostgresOutages()
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			t.Parallel() // a cluster of its own, mostly waited on while it is down
			cluster := servertest.StartPostgres(t)
			site := startManageSiteOn(t, storetest.OpenWith(t, cluster.URL(), storetest.OutageTimeouts()))
			operator := site.signedIn(olgaOperator)
			v1JWT, v2JWT := signedJWT(t, jwt.MapClaims{"stackmon": "dummy"}), signedJWT(t, jwt.MapClaims{})
			// A new cluster on a busy machine may miss the short timeouts at first: retried.
			eventually(t, "the write before the outage", func() string {
				created := fetchQuietly(site.url, http.MethodPost, "/v2/events", v2JWT, v2Event("Object storage down", 3, site.ids("obs/eu-de")[0]))
				if created.status != http.StatusOK {
					return fmt.Sprintf("POST /v2/events = %d %s", created.status, created.body)
				}
				return ""
			})
			var summary string
			for _, path := range []string{"/", "/rss/", "/api/v2/summary.json"} {
				eventually(t, "GET "+path+" before the outage", func() string {
					page := fetchQuietly(site.url, http.MethodGet, path, "", "")
					if page.status != http.StatusOK || !strings.Contains(page.body, "Object storage down") {
						return fmt.Sprintf("%d; want 200 with the incident", page.status)
					}
					if path == "/api/v2/summary.json" {
						summary = page.body
					}
					return ""
				})
			}

			tt.Begin(cluster)
			checks := []outageCheck{
				{"built page: the last good copy with its note", http.MethodGet, "/", "", "", 200, "Showing saved data",
					map[string]string{"Warning": staleWarning, "Cache-Control": "no-store"}},
				{"page never built: the 503 page", http.MethodGet, "/availability", "", "", 503, "The status data is unavailable right now",
					map[string]string{"Retry-After": "5"}},
				{"badge never built: a 503 badge saying so", http.MethodGet, "/badge/obs.svg", "", "", 503, ">unavailable</text>",
					map[string]string{"Retry-After": "5", "Content-Type": "image/svg+xml"}},
				{"feed: the last good copy, marked stale", http.MethodGet, "/rss/", "", "", 200, "Object storage down",
					map[string]string{"Warning": staleWarning, "Cache-Control": "no-store"}},
				{"Statuspage file: the last good copy, marked stale", http.MethodGet, "/api/v2/summary.json", "", "", 200, "Object storage down",
					map[string]string{"Warning": staleWarning, "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*"}},
				{"Statuspage file never built: JSON 503", http.MethodGet, "/api/v2/components.json", "", "", 503, `"error":`,
					map[string]string{"Retry-After": "5"}},
				{"v1 read", http.MethodGet, "/v1/component_status", "", "", 503, `{"message":`, map[string]string{"Retry-After": "5"}},
				{"v1 write", http.MethodPost, "/api/v1/component_status", v1JWT,
					`{"name":"Elastic Cloud Server","impact":2,"attributes":[{"name":"region","value":"EU-DE"}]}`,
					503, `{"message":`, map[string]string{"Retry-After": "5"}},
				{"v2 read", http.MethodGet, "/v2/events", "", "", 503, `{"errMsg":`, map[string]string{"Retry-After": "5"}},
				{"v2 write", http.MethodPost, "/v2/events", v2JWT,
					v2Event("More trouble", 1, site.ids("ecs/eu-de")[0]),
					503, `{"errMsg":`, map[string]string{"Retry-After": "5"}},
				{"readiness", http.MethodGet, "/readyz", "", "", 503, "database unreachable", nil},
				{"liveness", http.MethodGet, "/healthz", "", "", 200, "ok", nil},
			}
			for _, check := range checks {
				got := fetch(t, site.url, check.method, check.path, check.token, check.body, "gzip")
				assertAnswer(t, check, got)
			}
			if got := fetch(t, site.url, http.MethodGet, "/api/v2/summary.json", "", "", ""); got.body != summary {
				t.Errorf("stale summary.json differs from the copy served before the outage")
			}
			// An operator's page is the 503 page too.
			if manage := operator.get("/manage"); manage.status != http.StatusServiceUnavailable || manage.header.Get("Retry-After") == "" ||
				!strings.Contains(manage.body, "The status data is unavailable right now") {
				t.Errorf("GET /manage = %d, Retry-After %q; want the 503 page", manage.status, manage.header.Get("Retry-After"))
			}
			// More requests than the pool has connections: none waits behind the stuck ones for long.
			var wg sync.WaitGroup
			for range 48 {
				wg.Go(func() {
					assertAnswer(t, outageCheck{name: "concurrent v2 read", method: http.MethodGet, path: "/v2/components",
						status: http.StatusServiceUnavailable, contains: `{"errMsg":`}, fetch(t, site.url, http.MethodGet, "/v2/components", "", "", ""))
				})
			}
			wg.Wait()

			tt.End(cluster)
			// Back by itself, through the same pools: a write lands and every
			// page shows it. A restarted server is cold, and a busy machine may
			// make the first tries miss this test's short timeouts: retried.
			eventually(t, "the write after the outage", func() string {
				again := fetchQuietly(site.url, http.MethodPost, "/v2/events", v2JWT, v2Event("Compute back to normal", 1, site.ids("ecs/eu-nl")[0]))
				if again.status != http.StatusOK {
					return fmt.Sprintf("POST /v2/events = %d %s", again.status, again.body)
				}
				return ""
			})
			for _, path := range []string{"/", "/rss/", "/api/v2/summary.json", "/availability", "/readyz"} {
				eventually(t, "GET "+path+" after the outage", func() string {
					page := fetchQuietly(site.url, http.MethodGet, path, "", "")
					if page.status != http.StatusOK || page.header.Get("Warning") != "" {
						return fmt.Sprintf("%d, Warning %q; want 200, fresh", page.status, page.header.Get("Warning"))
					}
					if (path == "/" || path == "/rss/" || path == "/api/v2/summary.json") && !strings.Contains(page.body, "Compute back to normal") {
						return "the write made after the outage is missing"
					}
					return ""
				})
			}
		})
	}
}

// TestLockedSQLiteAnswers503: while another process holds SQLite's write
// lock longer than the write timeout, writes answer 503 with Retry-After
// (not a 500 after busy_timeout's 10 s), pages are still read, and writes
// go through again once the lock is released.
func TestLockedSQLiteAnswers503(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "locked.db")
	site := startManageSiteOn(t, storetest.OpenWith(t, path, storetest.OutageTimeouts()))
	v1JWT, v2JWT := signedJWT(t, jwt.MapClaims{"stackmon": "dummy"}), signedJWT(t, jwt.MapClaims{})
	other, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = other.Close() })
	ctx := context.Background()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatalf("take the write lock: %v", err)
	}
	event := v2Event("Volumes slow", 1, site.ids("evs/eu-de")[0])
	for _, check := range []outageCheck{
		{"v2 write", http.MethodPost, "/v2/events", v2JWT, event, 503, `{"errMsg":`, map[string]string{"Retry-After": "5"}},
		{"v1 write", http.MethodPost, "/api/v1/component_status", v1JWT,
			`{"name":"Elastic Cloud Server","impact":2,"attributes":[{"name":"region","value":"EU-DE"}]}`,
			503, `{"message":`, map[string]string{"Retry-After": "5"}},
		{"page", http.MethodGet, "/", "", "", 200, "Elastic Cloud Server", map[string]string{"Warning": ""}},
	} {
		assertAnswer(t, check, fetch(t, site.url, check.method, check.path, check.token, check.body, ""))
	}
	if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatalf("release the write lock: %v", err)
	}
	eventually(t, "the write after the lock", func() string {
		if got := fetchQuietly(site.url, http.MethodPost, "/v2/events", v2JWT, event); got.status != http.StatusOK {
			return fmt.Sprintf("POST /v2/events = %d %s", got.status, got.body)
		}
		return ""
	})
}

// v2Event is the body of a v2 POST /events opening an incident that began a minute ago.
func v2Event(title string, impact int, componentID string) string {
	return fmt.Sprintf(`{"title":%q,"impact":%d,"components":[%s],"type":"incident","start_date":%q}`,
		title, impact, componentID, time.Now().UTC().Add(-time.Minute).Format(time.RFC3339))
}

// signedJWT is an API credential signed with the manage site's secret.
func signedJWT(t *testing.T, claims jwt.MapClaims) string {
	t.Helper()
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte("manage-test-secret-key-0123456789"))
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// recoveryBound is how long the site may take to work again once the
// database is back.
const recoveryBound = 15 * time.Second

// eventually retries try, which describes what is still wrong ("" when
// nothing is), until it succeeds or recoveryBound has passed.
func eventually(t *testing.T, what string, try func() string) {
	t.Helper()
	deadline := time.Now().Add(recoveryBound)
	for {
		problem := try()
		if problem == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("%s: still %s after %s", what, problem, recoveryBound)
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// fetchQuietly is fetch for a request that may fail and be tried again.
func fetchQuietly(site, method, path, token, body string) answer {
	got, err := request(site, method, path, token, body, "")
	if err != nil {
		return answer{body: err.Error()}
	}
	return got
}

// fetch makes one request to the site and reads the answer, gunzipped; it
// fails the test when no answer comes within answerBound.
func fetch(t *testing.T, site, method, path, token, body, encoding string) answer {
	t.Helper()
	got, err := request(site, method, path, token, body, encoding)
	if err != nil {
		t.Errorf("%s %s: %v", method, path, err)
	}
	return got
}

// request makes one request and reads the answer, gunzipped; an error
// says that none came within answerBound or that it could not be read.
func request(site, method, path, token, body, encoding string) (answer, error) {
	var reader io.Reader
	if body != "" {
		reader = strings.NewReader(body)
	}
	request, err := http.NewRequest(method, site+path, reader)
	if err != nil {
		return answer{}, err
	}
	if token != "" {
		request.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		request.Header.Set("Content-Type", "application/json")
	}
	if encoding != "" {
		request.Header.Set("Accept-Encoding", encoding)
	}
	client := &http.Client{Timeout: answerBound}
	response, err := client.Do(request)
	if err != nil {
		return answer{}, fmt.Errorf("no answer within %s: %w", answerBound, err)
	}
	defer response.Body.Close()
	content := io.Reader(response.Body)
	if response.Header.Get("Content-Encoding") == "gzip" {
		if content, err = gzip.NewReader(response.Body); err != nil {
			return answer{}, fmt.Errorf("gunzip: %w", err)
		}
	}
	raw, err := io.ReadAll(content)
	if err != nil {
		return answer{}, fmt.Errorf("read: %w", err)
	}
	return answer{status: response.StatusCode, header: response.Header, body: string(raw)}, nil
}

func assertAnswer(t *testing.T, check outageCheck, got answer) {
	t.Helper()
	if got.status != check.status || !strings.Contains(got.body, check.contains) {
		t.Errorf("%s: %s %s = %d %.200q; want %d with %q", check.name, check.method, check.path, got.status, got.body, check.status, check.contains)
	}
	for name, want := range check.header {
		if value := got.header.Get(name); value != want {
			t.Errorf("%s: %s = %q, want %q", check.name, name, value, want)
		}
	}
}
