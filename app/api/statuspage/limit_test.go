package statuspage

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// TestIncidentsHoldTheFiftyNewest: with 60 resolved incidents and one open
// incident older than all of them, incidents.json holds the 50 newest,
// newest first, and unresolved.json still holds the old open one.
func TestIncidentsHoldTheFiftyNewest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		ecs := store.ComponentSpec{Service: "ecs", Region: "eu-de"}
		spec := store.CatalogSpec{
			Categories: []store.CategorySpec{{Name: "Compute", Slug: "compute"}},
			Regions:    []store.RegionSpec{{Name: "EU-DE", Slug: "eu-de"}},
			Services:   []store.ServiceSpec{{Name: "Elastic Cloud Server", Slug: "ecs", Category: "compute"}},
			Components: []store.ComponentSpec{ecs},
			Events: []store.EventSpec{{Type: model.TypeIncident, Title: "Old and open", Impact: model.ImpactMinor, Status: model.StatusFixing,
				StartAt: testNow.Add(-100 * 24 * time.Hour), Components: []store.ComponentSpec{ecs}}},
		}
		for i := 1; i <= 60; i++ {
			start := testNow.Add(-time.Duration(i) * 24 * time.Hour)
			spec.Events = append(spec.Events, store.EventSpec{Type: model.TypeIncident, Title: fmt.Sprintf("Past %d", i),
				Impact: model.ImpactMajor, Status: model.StatusResolved, StartAt: start, EndAt: ptr(start.Add(time.Hour)),
				Components: []store.ComponentSpec{ecs}})
		}
		if _, err := s.ProvisionCatalog(context.Background(), store.BootstrapActor, spec, time.Now()); err != nil {
			t.Fatalf("provision: %v", err)
		}
		e := newServer(t, s, &clock{now: testNow})
		names := func(path string) []string {
			t.Helper()
			response := get(e, path)
			if response.Code != http.StatusOK {
				t.Fatalf("GET %s: status %d", path, response.Code)
			}
			var file struct{ Incidents []struct{ Name string } }
			if err := json.Unmarshal(response.Body.Bytes(), &file); err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, incident := range file.Incidents {
				out = append(out, incident.Name)
			}
			return out
		}
		all := names("/api/v2/incidents.json")
		if len(all) != 50 || all[0] != "Past 1" || all[49] != "Past 50" {
			t.Errorf("incidents.json holds %v; want the 50 from Past 1 to Past 50", all)
		}
		if open := names("/api/v2/incidents/unresolved.json"); len(open) != 1 || open[0] != "Old and open" {
			t.Errorf("unresolved.json = %v, want [Old and open]", open)
		}
	})
}
