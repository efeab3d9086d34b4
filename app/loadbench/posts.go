package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver for the admin connection

	"statusdash/app/store"
)

// postRun is one v1 POST throughput measurement.
type postRun struct {
	name     string
	clients  int
	requests int
	statuses map[int]int
	elapsed  time.Duration
}

func (r postRun) perSecond() float64 { return float64(r.requests) / r.elapsed.Seconds() }

// v1Component is a component as GET /api/v1/component_status lists it.
type v1Component struct {
	Name       string `json:"name"`
	Attributes []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"attributes"`
}

// Each POST run sends postRequests requests, or stops after postDuration.
const (
	postRequests = 1000
	postDuration = 60 * time.Second
	// postExtraServices are provisioned in two regions on top of the
	// catalog, so that each run has components enough for postRequests
	// requests that are mostly real writes.
	postExtraServices = 250
)

// benchmarkPosts provisions a fresh PostgreSQL database like the SQLite one,
// plus postExtraServices services in two regions (or takes
// opts.postsTemplate, such a database kept by an earlier --keep run), and
// measures v1 POST component_status opts.postRuns times, each time on a
// fresh copy of it served by a fresh server: sequentially and at 16
// clients, each on its own half of the components. A run reports on each
// component as the monitoring does when it worsens: impact 1, the same
// again (refused, 409), 2, then 3; so three requests in four are real
// writes (open, join, move, raise), and components in the seeded incidents
// of a person are refused throughout.
func benchmarkPosts(ctx context.Context, opts options, dir string) ([]postRun, string, error) {
	template := opts.postsTemplate
	if template == "" {
		seeded, drop, err := seedPostDatabase(ctx, opts)
		if err != nil {
			return nil, "", err
		}
		defer dropUnlessKept(opts.keep, seeded, "(give it to --posts-template)", drop)
		template = seeded
	}
	templateName, err := databaseName(template)
	if err != nil {
		return nil, "", err
	}
	var runs []postRun
	for i := range opts.postRuns {
		pair, note, err := measurePostsOnCopy(ctx, opts, dir, templateName, i)
		if err != nil || note != "" {
			return runs, note, err
		}
		runs = append(runs, pair...)
	}
	return runs, "", nil
}

// seedPostDatabase creates the POST runs' database: the SQLite one's
// catalog and events plus postExtraServices services in two regions, with
// planner statistics. It returns its URL and a func that drops it.
func seedPostDatabase(ctx context.Context, opts options) (string, func(), error) {
	dbURL, drop, err := createPostgresDatabase(ctx, opts.postgres, "")
	if err != nil {
		return "", nil, err
	}
	now := time.Now().UTC()
	if _, err := seed(ctx, dbURL, opts.catalog, opts.counts, now); err != nil {
		drop()
		return "", nil, fmt.Errorf("seed PostgreSQL: %w", err)
	}
	if err := provisionPostComponents(ctx, dbURL); err != nil {
		drop()
		return "", nil, err
	}
	// A database in service has its statistics: autovacuum would gather
	// them a minute after the bulk load, the runs start at once.
	if err := analyze(ctx, dbURL); err != nil {
		drop()
		return "", nil, err
	}
	return dbURL, drop, nil
}

// measurePostsOnCopy copies the template database, serves the copy and
// measures the sequential and the 16-client run on it.
func measurePostsOnCopy(ctx context.Context, opts options, dir, templateName string, run int) ([]postRun, string, error) {
	dbURL, drop, err := createPostgresDatabase(ctx, opts.postgres, templateName)
	if err != nil {
		return nil, "", err
	}
	defer dropUnlessKept(opts.keep, dbURL, "(measured)", drop)
	server, baseURL, err := startServer(ctx, opts.binary, dir, dbURL, fmt.Sprintf("postgres-%d", run))
	defer server.stop()
	if err != nil {
		return nil, "", err
	}
	components, status, err := listV1Components(ctx, baseURL)
	if err != nil {
		return nil, "", err
	}
	if status != http.StatusOK {
		return nil, fmt.Sprintf("not available (GET /api/v1/component_status answered %d)", status), nil
	}
	if len(components) < 2 {
		return nil, "", fmt.Errorf("GET /api/v1/component_status listed %d components", len(components))
	}
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"stackmon": "dummy"}).SignedString([]byte(benchSecret))
	if err != nil {
		return nil, "", err
	}
	half := len(components) / 2
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 10 * time.Second}
	sequential := postComponents(ctx, client, baseURL, token, components[:half], 1)
	concurrent := postComponents(ctx, client, baseURL, token, components[half:], 16)
	return []postRun{sequential, concurrent}, "", nil
}

// analyze gathers the planner statistics of the database at url.
func analyze(ctx context.Context, url string) error {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "ANALYZE"); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	return nil
}

// provisionPostComponents adds postExtraServices services, each in two
// regions, to the database at url.
func provisionPostComponents(ctx context.Context, url string) error {
	s, err := store.Open(ctx, url)
	if err != nil {
		return err
	}
	defer s.Close()
	spec := store.CatalogSpec{
		Categories: []store.CategorySpec{{Name: "Loadbench", Slug: "loadbench"}},
		Regions:    []store.RegionSpec{{Name: "LB-A", Slug: "lb-a"}, {Name: "LB-B", Slug: "lb-b"}},
	}
	for i := range postExtraServices {
		slug := fmt.Sprintf("lb-%d", i)
		spec.Services = append(spec.Services, store.ServiceSpec{Name: fmt.Sprintf("Loadbench Service %d", i), Slug: slug, Category: "loadbench"})
		spec.Components = append(spec.Components, store.ComponentSpec{Service: slug, Region: "lb-a"}, store.ComponentSpec{Service: slug, Region: "lb-b"})
	}
	if _, err := s.ProvisionCatalog(ctx, store.BootstrapActor, spec, time.Now()); err != nil {
		return fmt.Errorf("provision POST components: %w", err)
	}
	return nil
}

// postImpacts is what a run reports on each component, in order.
var postImpacts = [...]int{1, 1, 2, 3}

// postComponents sends the postImpacts reports on the components with
// clients workers, up to postRequests requests or postDuration; each
// worker owns its components so their order holds.
func postComponents(ctx context.Context, client *http.Client, baseURL, token string, components []v1Component, clients int) postRun {
	run := postRun{name: "sequential", clients: clients, statuses: map[int]int{}}
	if clients > 1 {
		run.name = fmt.Sprintf("%d clients", clients)
	}
	ctx, cancel := context.WithTimeout(ctx, postDuration)
	defer cancel()
	var mu sync.Mutex
	var wg sync.WaitGroup
	started := time.Now()
	for worker := range clients {
		wg.Go(func() {
			for i := worker; i < len(components); i += clients {
				for _, impact := range postImpacts {
					mu.Lock()
					full := run.requests >= postRequests
					if !full {
						run.requests++
					}
					mu.Unlock()
					if full || ctx.Err() != nil {
						return
					}
					status := postV1(ctx, client, baseURL, token, components[i], impact)
					mu.Lock()
					run.statuses[status]++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	run.elapsed = time.Since(started)
	return run
}

// postV1 sends one POST /api/v1/component_status and returns its status, 0 on a transport error.
func postV1(ctx context.Context, client *http.Client, baseURL, token string, component v1Component, impact int) int {
	body, _ := json.Marshal(map[string]any{
		"name": component.Name, "impact": impact, "text": "Loadbench incident", "attributes": component.Attributes,
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, baseURL+"/api/v1/component_status", bytes.NewReader(body))
	if err != nil {
		return 0
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return 0
	}
	// Read the answer to its end, as a client does: an unread body closes
	// the connection, and the next request would pay a new one.
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return resp.StatusCode
}

func listV1Components(ctx context.Context, baseURL string) ([]v1Component, int, error) {
	got, err := fetch(ctx, baseURL+"/api/v1/component_status", false)
	if err != nil || got.Status != http.StatusOK {
		return nil, got.Status, err
	}
	var components []v1Component
	if err := json.Unmarshal(got.Body, &components); err != nil {
		return nil, 0, fmt.Errorf("GET /api/v1/component_status: %w", err)
	}
	return components, got.Status, nil
}

// createPostgresDatabase creates a database on the server at base, empty or
// a copy of the database named template, and returns its URL and a func
// that drops it.
func createPostgresDatabase(ctx context.Context, base, template string) (string, func(), error) {
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", nil, fmt.Errorf("open --postgres: %w", err)
	}
	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	name := "sdb_bench_" + hex.EncodeToString(suffix)
	create := "CREATE DATABASE " + name
	if template != "" {
		create += " TEMPLATE " + pgx.Identifier{template}.Sanitize()
	}
	if _, err := admin.ExecContext(ctx, create); err != nil {
		_ = admin.Close()
		return "", nil, fmt.Errorf("create database on --postgres: %w", err)
	}
	drop := func() {
		_, _ = admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		_ = admin.Close()
	}
	u, err := url.Parse(base)
	if err != nil {
		drop()
		return "", nil, fmt.Errorf("parse --postgres: %w", err)
	}
	u.Path = "/" + name
	return u.String(), drop, nil
}

// dropUnlessKept drops a benchmark database, or with --keep says where it
// stays.
func dropUnlessKept(keep bool, dbURL, what string, drop func()) {
	if keep {
		fmt.Fprintln(os.Stderr, "keeping PostgreSQL database", dbURL, what)
		return
	}
	drop()
}

// databaseName is the database a PostgreSQL URL names.
func databaseName(dbURL string) (string, error) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return "", fmt.Errorf("parse database URL: %w", err)
	}
	name := strings.TrimPrefix(u.Path, "/")
	if name == "" {
		return "", fmt.Errorf("database URL %q names no database", u.Redacted())
	}
	return name, nil
}
