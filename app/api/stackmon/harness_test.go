package stackmon_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/labstack/echo/v4"

	"statusdash/app/api/stackmon"
	"statusdash/app/apiauth"
	"statusdash/app/cache"
	"statusdash/app/config"
	"statusdash/app/store"
)

const testSecret = "test-secret-key-0123456789"

// start is the harness clock's first reading.
var start = time.Date(2026, 5, 20, 12, 0, 0, 0, time.UTC)

// harness serves the API over HTTP on a fresh database with a small catalog:
// components 1 ECS/EU-DE, 2 ECS/EU-NL, 3 VPC/EU-DE, 4 VPC/EU-NL, 5 OBS/EU-DE, 6 OBS/EU-NL.
type harness struct {
	t      testing.TB
	store  *store.Storage
	server *httptest.Server
	cfg    config.Config

	mu  sync.Mutex
	now time.Time

	v1JWT, v2JWT, operator, admin string
}

func newHarness(t testing.TB, s *store.Storage, change func(*config.Config), c cache.Cache) *harness {
	t.Helper()
	cfg := config.Defaults()
	cfg.SecretKey = testSecret
	cfg.APIWritesPerMinute = 0
	if change != nil {
		change(&cfg)
	}
	h := &harness{t: t, store: s, cfg: cfg, now: start}
	ctx := context.Background()
	_, err := s.ProvisionCatalog(ctx, store.BootstrapActor, store.CatalogSpec{
		Categories: []store.CategorySpec{{Name: "Compute", Slug: "compute"}, {Name: "Network", Slug: "network"}, {Name: "Storage", Slug: "storage"}},
		Regions:    []store.RegionSpec{{Name: "EU-DE", Slug: "eu-de"}, {Name: "EU-NL", Slug: "eu-nl"}},
		Services: []store.ServiceSpec{
			{Name: "Elastic Cloud Server", Slug: "ecs", Category: "compute"},
			{Name: "Virtual Private Cloud", Slug: "vpc", Category: "network"},
			{Name: "Object Storage Service", Slug: "obs", Category: "storage"},
		},
		Components: []store.ComponentSpec{
			{Service: "ecs", Region: "eu-de"}, {Service: "ecs", Region: "eu-nl"},
			{Service: "vpc", Region: "eu-de"}, {Service: "vpc", Region: "eu-nl"},
			{Service: "obs", Region: "eu-de"}, {Service: "obs", Region: "eu-nl"},
		},
	}, start)
	if err != nil {
		t.Fatalf("provision: %v", err)
	}
	h.v1JWT = signJWT(t, testSecret, jwt.MapClaims{"stackmon": "dummy"})
	h.v2JWT = signJWT(t, testSecret, jwt.MapClaims{})
	h.operator = h.createToken("ops-script", store.TokenRoleOperator)
	h.admin = h.createToken("catalog-admin", store.TokenRoleAdmin)
	e := echo.New()
	stackmon.New(stackmon.Deps{Deps: apiauth.Deps{Config: cfg, Store: s, Cache: c, Now: h.clock}}).Register(e)
	h.server = httptest.NewServer(e)
	t.Cleanup(h.server.Close)
	return h
}

func (h *harness) createToken(name, role string) string {
	h.t.Helper()
	token, hash, err := apiauth.NewToken()
	if err != nil {
		h.t.Fatal(err)
	}
	if _, err := h.store.CreateAPIToken(context.Background(), store.Actor{Subject: "test"}, name, role, hash, start); err != nil {
		h.t.Fatalf("create token: %v", err)
	}
	return token
}

func (h *harness) clock() time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.now
}

// advance moves the clock on.
func (h *harness) advance(d time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.now = h.now.Add(d)
}

func signJWT(t testing.TB, secret string, claims jwt.MapClaims) string {
	t.Helper()
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(secret))
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// response is one HTTP answer.
type response struct {
	status int
	header http.Header
	body   string
}

// do sends a request with a JSON body (empty: none) and the bearer token (empty: none).
func (h *harness) do(method, path, token, body string) response {
	h.t.Helper()
	return h.doWith(method, path, body, map[string]string{"Authorization": bearer(token), "Content-Type": "application/json"})
}

func bearer(token string) string {
	if token == "" {
		return ""
	}
	return "Bearer " + token
}

func (h *harness) doWith(method, path, body string, headers map[string]string) response {
	h.t.Helper()
	given := make(map[string]string, len(headers))
	for key, value := range headers {
		if value != "" {
			given[key] = value
		}
	}
	r := h.send(method, path, body, given)
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		h.t.Errorf("%s %s: Content-Type %q, want JSON (body %q)", method, path, ct, r.body)
	}
	return r
}

// send sends a request with body (empty: none) and exactly the headers
// given, and returns the answer with its body as sent.
func (h *harness) send(method, path, body string, headers map[string]string) response {
	h.t.Helper()
	var reader io.Reader
	if body != "" {
		reader = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, h.server.URL+path, reader)
	if err != nil {
		h.t.Fatal(err)
	}
	for key, value := range headers {
		req.Header.Set(key, value)
	}
	resp, err := h.server.Client().Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: string(raw)}
}

// expect checks the status and that the body is exactly the JSON want
// (same fields, same types, same values; key order and spacing aside).
func (r response) expect(t *testing.T, status int, want string) {
	t.Helper()
	if r.status != status {
		t.Errorf("status = %d, want %d (body %s)", r.status, status, r.body)
	}
	if want == "" {
		return
	}
	var got, wanted any
	if err := json.Unmarshal([]byte(r.body), &got); err != nil {
		t.Fatalf("body is not JSON: %v: %q", err, r.body)
	}
	if err := json.Unmarshal([]byte(want), &wanted); err != nil {
		t.Fatalf("want is not JSON: %v: %q", err, want)
	}
	if !reflect.DeepEqual(got, wanted) {
		t.Errorf("body =\n%s\nwant\n%s", compact(r.body), compact(want))
	}
}

// decode reads the body into v.
func (r response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.body), v); err != nil {
		t.Fatalf("decode %q: %v", r.body, err)
	}
}

func compact(s string) string {
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// auditActors lists the actors of the audit log, oldest first.
func (h *harness) auditActors() []string {
	h.t.Helper()
	entries, _, err := h.store.AuditEntries(context.Background(), 1, 500)
	if err != nil {
		h.t.Fatal(err)
	}
	var actors []string
	for i := len(entries) - 1; i >= 0; i-- {
		actors = append(actors, entries[i].Actor+" "+entries[i].Action)
	}
	return actors
}

// doRaw sends a request without a body with exactly the headers given; the
// body comes back as sent (not gunzipped).
func (h *harness) doRaw(method, path string, headers map[string]string) response {
	h.t.Helper()
	return h.send(method, path, "", headers)
}
