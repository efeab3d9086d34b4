package e2e

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"statusdash/app/bootstrap"
	"statusdash/app/cache"
	"statusdash/app/config"
	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
	"statusdash/app/web"
)

// extraPastIncidents are added to the sample catalog's events so that the
// history has more than one page (25 a page) over several months.
const extraPastIncidents = 30

// site is the statusdash under test: served in-process on a fresh SQLite
// database provisioned with instance/catalog.yaml.
type site struct {
	url   string
	store *store.Storage
}

// startSite provisions the sample catalog plus some closed incidents and
// serves the real handler over httptest until the test ends.
func startSite(t *testing.T) *site {
	t.Helper()
	return startSiteWith(t, nil)
}

// startSiteWith is startSite with the catalog's events changed by edit
// before they are provisioned (nil leaves them).
func startSiteWith(t *testing.T, edit func(events []store.EventSpec) []store.EventSpec) *site {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	root := repositoryRoot(t)
	catalog, err := bootstrap.LoadFile(filepath.Join(root, "instance", "catalog.yaml"), now)
	if err != nil {
		t.Fatalf("load instance/catalog.yaml: %v", err)
	}
	spec := catalog.CatalogSpec
	if len(spec.Components) == 0 {
		t.Fatal("instance/catalog.yaml has no components")
	}
	spec.Events = append(spec.Events, pastIncidents(spec.Components, extraPastIncidents, now)...)
	if edit != nil {
		spec.Events = edit(spec.Events)
	}
	s := storetest.OpenSQLite(t)
	if _, err := s.ProvisionCatalog(ctx, store.BootstrapActor, spec, time.Now()); err != nil {
		t.Fatalf("provision: %v", err)
	}
	ts := httptest.NewUnstartedServer(nil)
	cfg := config.Defaults()
	cfg.BaseURL = "http://" + ts.Listener.Addr().String()
	cfg.SecretKey = "e2e-secret-key-0123456789abcdef0123456789abcdef"
	cfg.InstanceDir = t.TempDir()
	cfg.TimeZone = "UTC"
	server, err := web.New(web.Deps{
		Config:   cfg,
		Store:    s,
		Versions: s,
		Cache:    cache.NewMemory(),
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now:      time.Now,
	})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	ts.Config.Handler = server.Handler()
	ts.Start()
	t.Cleanup(ts.Close)
	return &site{url: ts.URL, store: s}
}

// pastIncidents makes n closed incidents, one every ten days before now.
func pastIncidents(components []store.ComponentSpec, n int, now time.Time) []store.EventSpec {
	events := make([]store.EventSpec, 0, n)
	for i := range n {
		start := now.Add(-time.Duration(i+1) * 10 * 24 * time.Hour).Truncate(time.Minute)
		end := start.Add(45 * time.Minute)
		events = append(events, store.EventSpec{
			Type: model.TypeIncident, Title: fmt.Sprintf("Past test incident %d", i+1),
			Description: "Some requests failed.", Impact: model.ImpactMinor, Status: model.StatusResolved,
			StartAt: start, EndAt: &end, CreatedBy: "e2e",
			Components: []store.ComponentSpec{components[i%len(components)]},
			Updates: []store.UpdateSpec{
				{Status: model.StatusAnalysing, Text: "Looking into it.", At: start, Author: "e2e"},
				{Status: model.StatusResolved, Text: "Resolved.", At: end, Author: "e2e"},
			},
		})
	}
	return events
}

// repositoryRoot walks up from the test's working directory to go.mod.
func repositoryRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal(errors.New("no go.mod above the test's working directory"))
		}
		dir = parent
	}
}
