package statuspage

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/model"
	"statusdash/app/store"
)

// testNow is the clock of every test: 2026-03-10 12:00 UTC.
var testNow = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

func at(day, hour, minute int) time.Time {
	return time.Date(2026, 3, day, hour, minute, 0, 0, time.UTC)
}
func ptr(t time.Time) *time.Time { return &t }

// provision writes a small catalog with every kind of event through the
// store, then pins every created_at and updated_at so the files are exact:
//
//	components 1 ecs/eu-de, 2 ecs/eu-nl, 3 obs/eu-de; category "Database" is empty
//	event 1: open outage on 1, identified       event 4: maintenance on 2, window begun, stored "planned"
//	event 2: open minor on 3, monitoring        event 5: maintenance on 3, tomorrow
//	event 3: resolved major on 2                event 6: completed maintenance on 1
func provision(t testing.TB, s *store.Storage) {
	t.Helper()
	ecsDE := store.ComponentSpec{Service: "ecs", Region: "eu-de"}
	ecsNL := store.ComponentSpec{Service: "ecs", Region: "eu-nl"}
	obsDE := store.ComponentSpec{Service: "obs", Region: "eu-de"}
	update := func(status, text string, when time.Time) store.UpdateSpec {
		return store.UpdateSpec{Status: status, Text: text, At: when, Author: "operator"}
	}
	spec := store.CatalogSpec{
		Categories: []store.CategorySpec{{Name: "Compute", Slug: "compute"}, {Name: "Storage", Slug: "storage"}, {Name: "Database", Slug: "database"}},
		Regions:    []store.RegionSpec{{Name: "EU-DE", Slug: "eu-de"}, {Name: "EU-NL", Slug: "eu-nl"}},
		Services: []store.ServiceSpec{
			{Name: "Elastic Cloud Server", Slug: "ecs", Category: "compute", Description: "Virtual machines"},
			{Name: "Object Storage", Slug: "obs", Category: "storage"},
		},
		Components: []store.ComponentSpec{ecsDE, ecsNL, obsDE},
		Events: []store.EventSpec{
			{Type: model.TypeIncident, Title: "ECS unreachable", Impact: model.ImpactOutage, Status: model.StatusFixing,
				StartAt: at(10, 10, 0), Components: []store.ComponentSpec{ecsDE},
				Updates: []store.UpdateSpec{update(model.StatusDetected, "We are investigating.", at(10, 10, 0)), update(model.StatusFixing, "Cause found.", at(10, 10, 30))}},
			{Type: model.TypeIncident, Title: "OBS slow", Impact: model.ImpactMinor, Status: model.StatusObserving,
				StartAt: at(10, 11, 0), Components: []store.ComponentSpec{obsDE},
				Updates: []store.UpdateSpec{update(model.StatusDetected, "Slow uploads.", at(10, 11, 0)), update(model.StatusObserving, "Fix deployed.", at(10, 11, 30))}},
			{Type: model.TypeIncident, Title: "ECS API errors", Impact: model.ImpactMajor, Status: model.StatusResolved,
				StartAt: at(1, 8, 0), EndAt: ptr(at(1, 9, 0)), Components: []store.ComponentSpec{ecsNL},
				Updates: []store.UpdateSpec{update(model.StatusDetected, "Errors.", at(1, 8, 0)), update(model.StatusResolved, "Fixed.", at(1, 9, 0))}},
			{Type: model.TypeMaintenance, Title: "ECS upgrade", Status: model.StatusPlanned,
				StartAt: at(10, 11, 0), EndAt: ptr(at(10, 13, 0)), Components: []store.ComponentSpec{ecsNL},
				Updates: []store.UpdateSpec{update(model.StatusPlanned, "Upgrade planned.", at(9, 9, 0))}},
			{Type: model.TypeMaintenance, Title: "OBS upgrade", Status: model.StatusPlanned,
				StartAt: at(11, 2, 0), EndAt: ptr(at(11, 4, 0)), Components: []store.ComponentSpec{obsDE},
				Updates: []store.UpdateSpec{update(model.StatusPlanned, "Upgrade planned.", at(9, 9, 0))}},
			{Type: model.TypeMaintenance, Title: "ECS patching", Status: model.StatusCompleted,
				StartAt: at(5, 2, 0), EndAt: ptr(at(5, 3, 0)), Components: []store.ComponentSpec{ecsDE},
				Updates: []store.UpdateSpec{update(model.StatusPlanned, "Patching planned.", at(4, 9, 0)),
					update(model.StatusInProgress, "Started.", at(5, 2, 0)), update(model.StatusCompleted, "Done.", at(5, 3, 0))}},
		},
	}
	if _, err := s.ProvisionCatalog(context.Background(), store.BootstrapActor, spec, time.Now()); err != nil {
		t.Fatalf("provision: %v", err)
	}
	pinTimes(t, s, "2026-01-01 00:00:00+00:00")
}

// pinTimes sets every row's created_at and updated_at, which the store
// takes from the wall clock, to a fixed time.
func pinTimes(t testing.TB, s *store.Storage, when string) {
	t.Helper()
	db, err := s.SQL()
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"categories", "regions", "services", "components", "events", "event_updates"} {
		if _, err := db.Exec("UPDATE " + table + " SET created_at = '" + when + "', updated_at = '" + when + "'"); err != nil {
			t.Fatalf("pin %s times: %v", table, err)
		}
	}
}

// exec runs a statement and bumps the data version, as a store write would.
func exec(t *testing.T, s *store.Storage, statement string) {
	t.Helper()
	db, err := s.SQL()
	if err != nil {
		t.Fatal(err)
	}
	for _, sql := range []string{statement, "UPDATE data_version SET version = version + 1 WHERE id = 1"} {
		if _, err := db.Exec(sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
}

// clock is a settable test clock.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

// newServer serves the API over the store with the test clock.
func newServer(t testing.TB, s *store.Storage, c *clock) *echo.Echo {
	t.Helper()
	e := echo.New()
	New(Deps{Store: s, PageID: "statusdash", PageName: "OTC Status", PageURL: "https://status.example.com",
		TimeZone: "Europe/Berlin", Now: c.Now}).Register(e)
	return e
}

// get performs a request and returns the recorder.
func get(e *echo.Echo, path string, headers ...string) *httptest.ResponseRecorder {
	request := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		request.Header.Set(headers[i], headers[i+1])
	}
	recorder := httptest.NewRecorder()
	e.ServeHTTP(recorder, request)
	return recorder
}
