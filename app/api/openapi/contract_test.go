package openapi_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/golang-jwt/jwt/v5"
	"github.com/labstack/echo/v4"

	"statusdash/app/api/openapi"
	"statusdash/app/api/pingmon"
	"statusdash/app/api/stackmon"
	"statusdash/app/api/statuspage"
	"statusdash/app/apiauth"
	"statusdash/app/cache"
	"statusdash/app/config"
	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

const secret = "contract-secret-0123456789"

// now is the clock of both APIs: 2026-03-10 12:00 UTC.
var now = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

// contract is a real server (stackmon, Statuspage and this document) on a
// provisioned SQLite store, with the document's router.
type contract struct {
	t      *testing.T
	store  *store.Storage
	server *echo.Echo
	router routers.Router
	tokens map[string]string // credential name to bearer token
	// answered counts 2xx answers per operation, to prove every one is covered.
	answered map[string]int
}

func newContract(t *testing.T, writesPerMinute int) *contract {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openapi.Document)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatalf("router: %v", err)
	}
	s := storetest.OpenSQLite(t)
	provision(t, s)
	cfg := config.Defaults()
	cfg.SecretKey = secret
	cfg.APIWritesPerMinute, cfg.APISecretWritesPerMinute = writesPerMinute, writesPerMinute
	clock := func() time.Time { return now }
	e := echo.New()
	stackmon.New(stackmon.Deps{Deps: apiauth.Deps{Config: cfg, Store: s, Cache: cache.NewMemory(), Now: clock}}).Register(e)
	statuspage.New(statuspage.Deps{Store: s, PageURL: "https://status.example.com", Now: clock}).Register(e)
	pingmon.New(pingmon.Deps{Store: s}).Register(e)
	openapi.Register(e)
	return &contract{
		t: t, store: s, server: e, router: router, answered: map[string]int{},
		tokens: map[string]string{
			"v1":    signJWT(t, jwt.MapClaims{"stackmon": "dummy"}),
			"v2":    signJWT(t, jwt.MapClaims{}),
			"admin": apiToken(t, s, "catalog-admin", store.TokenRoleAdmin),
		},
	}
}

// provision: components 1 ECS/EU-DE, 2 ECS/EU-NL, 3 OBS/EU-DE; event 1 a
// maintenance going on at 3, event 2 a resolved outage at 1, event 3 an
// upcoming maintenance at 2.
func provision(t *testing.T, s *store.Storage) {
	t.Helper()
	obs := store.ComponentSpec{Service: "obs", Region: "eu-de"}
	end, past := now.Add(time.Hour), now.Add(-24*time.Hour)
	pastEnd := past.Add(time.Hour)
	_, err := s.ProvisionCatalog(context.Background(), store.BootstrapActor, store.CatalogSpec{
		Categories: []store.CategorySpec{{Name: "Compute", Slug: "compute"}, {Name: "Storage", Slug: "storage"}},
		Regions:    []store.RegionSpec{{Name: "EU-DE", Slug: "eu-de"}, {Name: "EU-NL", Slug: "eu-nl"}},
		Services: []store.ServiceSpec{
			{Name: "Elastic Cloud Server", Slug: "ecs", Category: "compute", Description: "Virtual machines"},
			{Name: "Object Storage", Slug: "obs", Category: "storage"},
		},
		Components: []store.ComponentSpec{{Service: "ecs", Region: "eu-de"}, {Service: "ecs", Region: "eu-nl"}, obs},
		Events: []store.EventSpec{
			{Type: model.TypeMaintenance, Title: "OBS upgrade", Status: model.StatusInProgress, StartAt: now.Add(-time.Hour), EndAt: &end,
				Components: []store.ComponentSpec{obs}, Updates: []store.UpdateSpec{{Status: model.StatusPlanned, Text: "Planned.", At: now.Add(-48 * time.Hour)}}},
			{Type: model.TypeIncident, Title: "ECS down", Impact: model.ImpactOutage, Status: model.StatusResolved, StartAt: past, EndAt: &pastEnd,
				Components: []store.ComponentSpec{{Service: "ecs", Region: "eu-de"}},
				Updates:    []store.UpdateSpec{{Status: model.StatusDetected, Text: "Down.", At: past}, {Status: model.StatusResolved, Text: "Up.", At: pastEnd}}},
			{Type: model.TypeMaintenance, Title: "ECS patching", Status: model.StatusPlanned, StartAt: now.Add(48 * time.Hour), EndAt: ptr(now.Add(50 * time.Hour)),
				Components: []store.ComponentSpec{{Service: "ecs", Region: "eu-nl"}}, Updates: []store.UpdateSpec{{Status: model.StatusPlanned, Text: "Planned.", At: now.Add(-time.Hour)}}},
		},
	}, now)
	if err != nil {
		t.Fatalf("provision: %v", err)
	}
}

func ptr(t time.Time) *time.Time { return &t }

func signJWT(t *testing.T, claims jwt.MapClaims) string {
	t.Helper()
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(secret))
	if err != nil {
		t.Fatal(err)
	}
	return token
}

func apiToken(t *testing.T, s *store.Storage, name, role string) string {
	t.Helper()
	token, hash, err := apiauth.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateAPIToken(context.Background(), store.Actor{Subject: "test"}, name, role, hash, now); err != nil {
		t.Fatal(err)
	}
	return token
}

// exchange is one request of the contract and the status it must get.
type exchange struct {
	method, path string
	credential   string // key of contract.tokens, or "" for none
	body         string
	contentType  string // default application/json when there is a body
	header       map[string]string
	want         int
}

// run performs the request and validates the response (and, for a success,
// the request too) against the document; it returns the response body.
func (c *contract) run(x exchange) []byte {
	c.t.Helper()
	name := fmt.Sprintf("%s %s", x.method, x.path)
	request := httptest.NewRequest(x.method, "http://statusdash.test"+x.path, strings.NewReader(x.body))
	if x.body != "" {
		contentType := x.contentType
		if contentType == "" {
			contentType = "application/json"
		}
		request.Header.Set("Content-Type", contentType)
	}
	if x.credential != "" {
		request.Header.Set("Authorization", "Bearer "+c.tokens[x.credential])
	}
	for key, value := range x.header {
		request.Header.Set(key, value)
	}
	recorder := httptest.NewRecorder()
	c.server.ServeHTTP(recorder, request)
	body := recorder.Body.Bytes()
	if recorder.Code != x.want {
		c.t.Errorf("%s: status %d, want %d: %s", name, recorder.Code, x.want, body)
		return body
	}
	check := httptest.NewRequest(x.method, "http://statusdash.test"+x.path, strings.NewReader(x.body))
	check.Header = request.Header.Clone()
	route, params, err := c.router.FindRoute(check)
	if err != nil {
		c.t.Errorf("%s: not in the document: %v", name, err)
		return body
	}
	ctx := context.Background()
	options := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true}
	input := &openapi3filter.RequestValidationInput{Request: check, PathParams: params, Route: route, Options: options}
	if x.want < 300 {
		if err := openapi3filter.ValidateRequest(ctx, input); err != nil {
			c.t.Errorf("%s: the request does not match the document: %v", name, err)
		}
		c.answered[route.Operation.OperationID]++
	}
	err = openapi3filter.ValidateResponse(ctx, &openapi3filter.ResponseValidationInput{
		RequestValidationInput: input, Status: recorder.Code, Header: recorder.Header(),
		Body: io.NopCloser(bytes.NewReader(body)), Options: options,
	})
	if err != nil {
		c.t.Errorf("%s: the %d response does not match the document: %v\nbody: %s", name, recorder.Code, err, body)
	}
	return body
}
