package openapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"

	"statusdash/app/api/openapi"
)

// loadDocument parses and validates the embedded document.
func loadDocument(t testing.TB) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openapi.Document)
	if err != nil {
		t.Fatalf("load openapi.yaml: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.yaml is not a valid OpenAPI 3 document: %v", err)
	}
	return doc
}

func TestDocumentIsValid(t *testing.T) {
	doc := loadDocument(t)
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3", doc.OpenAPI)
	}
	// Every path the stackmon and Statuspage handlers serve is described.
	for _, path := range []string{
		"/api/v1/component_status", "/v1/component_status", "/api/v1/incidents", "/v1/incidents",
		"/v2/components", "/v2/components/{id}", "/v2/availability",
		"/v2/events", "/v2/events/{id}", "/v2/events/{id}/extract", "/v2/events/{id}/updates/{index}",
		"/v2/incidents", "/v2/incidents/{id}", "/v2/incidents/{id}/extract", "/v2/incidents/{id}/updates/{index}",
		"/api/v2/summary.json", "/api/v2/status.json", "/api/v2/components.json", "/api/v2/incidents.json",
		"/api/v2/incidents/unresolved.json", "/api/v2/scheduled-maintenances.json",
		"/api/v2/scheduled-maintenances/upcoming.json", "/api/v2/scheduled-maintenances/active.json",
		"/api/v3/checks", "/api/v3/checks/{id}", "/api/v3/checks/{id}/results",
		"/status", "/status/down", "/status/service/{domain}", "/status/service/{domain}/incidents",
		"/api/openapi.yaml",
	} {
		if doc.Paths.Find(path) == nil {
			t.Errorf("path %s is not described", path)
		}
	}
}

func TestServeDocument(t *testing.T) {
	e := echo.New()
	openapi.Register(e)
	recorder := httptest.NewRecorder()
	e.ServeHTTP(recorder, httptest.NewRequest(http.MethodGet, openapi.Path, nil))
	if recorder.Code != http.StatusOK || recorder.Header().Get("Content-Type") != openapi.ContentType || recorder.Body.String() != string(openapi.Document) {
		t.Fatalf("GET %s: status %d, Content-Type %q, want 200 application/yaml and the document", openapi.Path, recorder.Code, recorder.Header().Get("Content-Type"))
	}
	again := httptest.NewRequest(http.MethodGet, openapi.Path, nil)
	again.Header.Set("If-None-Match", recorder.Header().Get("ETag"))
	recorder = httptest.NewRecorder()
	e.ServeHTTP(recorder, again)
	if recorder.Code != http.StatusNotModified {
		t.Errorf("conditional GET: status %d, want 304", recorder.Code)
	}
}
