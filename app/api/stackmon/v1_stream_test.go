package stackmon_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/api/stackmon"
	"statusdash/app/apiauth"
	"statusdash/app/config"
	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// streamFixture is the API contract's catalog (app/api/openapi) with the
// events that test an encoder: HTML and non-ASCII text, events of several
// components, events starting at the same instant, an event without
// updates, open and closed ones; component 4 has none.
func streamFixture(t *testing.T, s *store.Storage) {
	t.Helper()
	now := time.Date(2026, 5, 20, 12, 0, 0, 0, time.UTC)
	ecsDE, ecsNL := store.ComponentSpec{Service: "ecs", Region: "eu-de"}, store.ComponentSpec{Service: "ecs", Region: "eu-nl"}
	obs, vpc := store.ComponentSpec{Service: "obs", Region: "eu-de"}, store.ComponentSpec{Service: "vpc", Region: "eu-nl"}
	at := func(hours int) time.Time { return now.Add(time.Duration(hours) * time.Hour) }
	end := func(hours int) *time.Time { t := at(hours); return &t }
	_, err := s.ProvisionCatalog(context.Background(), store.BootstrapActor, store.CatalogSpec{
		Categories: []store.CategorySpec{{Name: "Compute", Slug: "compute"}, {Name: "Storage", Slug: "storage"}, {Name: "Network & Edge", Slug: "network"}},
		Regions:    []store.RegionSpec{{Name: "EU-DE", Slug: "eu-de"}, {Name: "EU-NL", Slug: "eu-nl"}},
		Services: []store.ServiceSpec{
			{Name: "Elastic Cloud Server", Slug: "ecs", Category: "compute", Description: "Virtual machines"},
			{Name: "Object Storage", Slug: "obs", Category: "storage"},
			{Name: "Virtual <Private> Cloud", Slug: "vpc", Category: "network"},
		},
		Components: []store.ComponentSpec{ecsDE, ecsNL, obs, vpc},
		Events: []store.EventSpec{
			{Type: model.TypeMaintenance, Title: "OBS upgrade", Status: model.StatusInProgress, StartAt: at(-1), EndAt: end(1),
				Components: []store.ComponentSpec{obs}, Updates: []store.UpdateSpec{{Status: model.StatusPlanned, Text: "Planned.", At: at(-48)}}},
			{Type: model.TypeIncident, Title: "ECS down", Impact: model.ImpactOutage, Status: model.StatusResolved, StartAt: at(-24), EndAt: end(-23),
				Components: []store.ComponentSpec{ecsDE},
				Updates:    []store.UpdateSpec{{Status: model.StatusDetected, Text: "Down.", At: at(-24)}, {Status: model.StatusResolved, Text: "Up.", At: at(-23)}}},
			{Type: model.TypeMaintenance, Title: "ECS patching", Status: model.StatusPlanned, StartAt: at(48), EndAt: end(50),
				Components: []store.ComponentSpec{ecsNL}, Updates: []store.UpdateSpec{{Status: model.StatusPlanned, Text: "Planned.", At: at(-1)}}},
			{Type: model.TypeIncident, Title: "Störung & <Verzögerung>", Impact: model.ImpactMinor, Status: model.StatusAnalysing, StartAt: at(-24),
				Components: []store.ComponentSpec{ecsDE, obs},
				Updates: []store.UpdateSpec{{Status: model.StatusDetected, Text: "ECS (EU-DE) moved from <a href='/incidents/2'>ECS down</a> \u2028 \"quoted\"", At: at(-24)},
					{Status: model.StatusAnalysing, Text: "Still slow.", At: at(-22)}}},
			{Type: model.TypeIncident, Title: "Quiet", Impact: model.ImpactMajor, Status: model.StatusResolved, StartAt: at(-24), EndAt: end(-20),
				Components: []store.ComponentSpec{ecsDE, ecsNL}},
			{Type: model.TypeInfo, Title: "Notice", Status: model.StatusActive, StartAt: at(-30), EndAt: end(30),
				Components: []store.ComponentSpec{ecsNL, obs}, Updates: []store.UpdateSpec{{Status: model.StatusActive, Text: "FYI.", At: at(-30)}}},
		},
	}, now)
	if err != nil {
		t.Fatalf("provision: %v", err)
	}
}

// todayV1 is how the v1 lists were answered before they were streamed: the
// whole value built from APIEvents, for c.JSON to encode.
func todayV1(t *testing.T, s *store.Storage, path, name, attrName, attrValue string) any {
	t.Helper()
	ctx := context.Background()
	events, _, err := s.APIEvents(ctx, store.APIEventFilter{}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if path == "incidents" {
		list := make([]stackmon.V1Incident, 0, len(events))
		for _, e := range events {
			list = append(list, stackmon.V1IncidentJSON(e))
		}
		return list
	}
	components, err := s.ComponentsWithServiceRegion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	incidents := map[uint][]stackmon.V1Incident{}
	for i := len(events) - 1; i >= 0; i-- {
		incident := stackmon.V1IncidentJSON(events[i])
		for _, component := range events[i].Components {
			incidents[component.ID] = append(incidents[component.ID], incident)
		}
	}
	list := []stackmon.V1Component{}
	for i := range components {
		component := stackmon.ComponentJSON(&components[i])
		if !strings.HasPrefix(component.Name, name) || (attrName != "" && !stackmon.HasAttribute(component, attrName, attrValue)) {
			continue
		}
		entry := stackmon.V1Component{Component: component, Incidents: incidents[component.ID]}
		if entry.Incidents == nil {
			entry.Incidents = []stackmon.V1Incident{}
		}
		if attrName != "" {
			return entry
		}
		list = append(list, entry)
	}
	return list
}

// todayBytes encodes value as c.JSON did under the web server's serializer
// (app/web/json.go): HTML not escaped, indented under ?pretty, a newline at the end.
func todayBytes(t *testing.T, value any, pretty bool) []byte {
	t.Helper()
	var out bytes.Buffer
	encoder := json.NewEncoder(&out)
	encoder.SetEscapeHTML(false)
	if pretty {
		encoder.SetIndent("", "  ")
	}
	if err := encoder.Encode(value); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestV1StreamedBytesAreTodays: every answer of the v1 lists, cached or
// filtered, plain or gzip, read in chunks of every size, is byte for byte
// what encoding the whole list gave.
func TestV1StreamedBytesAreTodays(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		streamFixture(t, s)
		tests := []struct {
			path, name, attrName, attrValue string
			pretty                          bool
		}{
			{path: "component_status"},
			{path: "component_status", pretty: true},
			{path: "component_status", name: "Elastic"},
			{path: "component_status", name: "Elastic", pretty: true},
			{path: "component_status", name: "Nope"},
			{path: "component_status", name: "Nope", pretty: true},
			{path: "component_status", attrName: "region", attrValue: "EU-DE"},
			{path: "component_status", attrName: "region", attrValue: "EU-DE", pretty: true},
			{path: "component_status", attrName: "category", attrValue: "Network & Edge"},
			{path: "incidents"},
			{path: "incidents", pretty: true},
		}
		for _, chunk := range []int{1, 2, 3, store.StreamChunk} {
			e := echo.New()
			stackmon.New(stackmon.Deps{Deps: apiauth.Deps{Config: config.Defaults(), Store: s}, StreamChunk: chunk}).Register(e)
			for _, tt := range tests {
				want := todayBytes(t, todayV1(t, s, tt.path, tt.name, tt.attrName, tt.attrValue), tt.pretty)
				values := url.Values{"name": {tt.name}}
				if tt.attrName != "" {
					values.Set("attribute_name", tt.attrName)
					values.Set("attribute_value", tt.attrValue)
				}
				if tt.pretty {
					values.Set("pretty", "")
				}
				query := "?" + values.Encode()
				for _, prefix := range stackmon.V1Prefixes {
					for _, accept := range []string{"", "gzip"} {
						target := prefix + "/" + tt.path + query
						got := getBody(t, e, target, accept)
						if !bytes.Equal(got, want) {
							t.Errorf("chunk %d, GET %s (Accept-Encoding %q):\n%s\nwant\n%s", chunk, target, accept, got, want)
						}
					}
				}
			}
		}
	})
}

// getBody answers GET target and returns its body, decompressed when gzip.
func getBody(t *testing.T, e *echo.Echo, target, accept string) []byte {
	t.Helper()
	request := httptest.NewRequest(http.MethodGet, target, nil)
	if accept != "" {
		request.Header.Set("Accept-Encoding", accept)
	}
	recorder := httptest.NewRecorder()
	e.ServeHTTP(recorder, request)
	if recorder.Code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", target, recorder.Code, recorder.Body)
	}
	body := recorder.Body.Bytes()
	if recorder.Header().Get("Content-Encoding") != "gzip" {
		return body
	}
	reader, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	plain, err := io.ReadAll(reader)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	return plain
}
