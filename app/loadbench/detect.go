package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"statusdash/app/monitor/decide"
	"statusdash/app/monitor/probe"
)

// detectOptions are the flags of the detection run alone.
type detectOptions struct {
	enabled bool
	// runs is how many times each database's target goes down and up.
	runs int
}

// detectInterval is the checks' interval: the shortest allowed.
const detectInterval = probe.MinInterval

// detectDatabase is a database the detection runs on.
type detectDatabase struct {
	name, url string
}

// detectBenchmark measures, on SQLite and with --postgres on PostgreSQL
// too, the time from a target going down to / showing its component's
// outage, and from its return to / showing it operational. The databases
// run side by side, each with its own server and targets: the waits are
// the checks' interval, not work, and in turn they would take twice as long.
func detectBenchmark(ctx context.Context, opts options, stdout io.Writer) error {
	dir, err := os.MkdirTemp("", "statusdash-detect-")
	if err != nil {
		return err
	}
	if opts.keep {
		fmt.Fprintln(stdout, "keeping", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	catalog := filepath.Join(dir, "detect-catalog.yaml")
	if err := writeDetectCatalog(catalog, opts.detect.runs); err != nil {
		return err
	}
	databases := []detectDatabase{{name: "SQLite", url: filepath.Join(dir, "detect.db")}}
	if opts.postgres != "" {
		dbURL, drop, err := createPostgresDatabase(ctx, opts.postgres, "")
		if err != nil {
			return err
		}
		defer dropUnlessKept(opts.keep, dbURL, "(detection run)", drop)
		databases = append(databases, detectDatabase{name: "PostgreSQL", url: dbURL})
	}
	aims := aimsFor(detectInterval, decide.DefaultRules())
	report := detectReport{interval: detectInterval, rules: decide.DefaultRules(), aims: aims, loadBefore: loadAverage()}
	fmt.Fprintf(stdout, "detection: %d runs on %s, HTTP checks every %s...\n", opts.detect.runs, databaseNames(databases), detectInterval)
	progress := &lockedWriter{w: stdout}
	runs := make([][]detectRun, len(databases))
	group, groupCtx := errgroup.WithContext(ctx)
	for i, database := range databases {
		group.Go(func() error {
			var err error
			runs[i], err = detectOn(groupCtx, opts, dir, catalog, database, aims, progress)
			if err != nil {
				return fmt.Errorf("detection on %s: %w", database.name, err)
			}
			return nil
		})
	}
	if err := group.Wait(); err != nil {
		return err
	}
	for _, measured := range runs {
		report.runs = append(report.runs, measured...)
	}
	report.loadAfter = loadAverage()
	printDetect(stdout, report)
	return nil
}

// detectOn starts a server on the database, a target and a check per run,
// and measures the runs one after the other.
func detectOn(ctx context.Context, opts options, dir, catalog string, database detectDatabase, aims detectAims, progress io.Writer) ([]detectRun, error) {
	server, err := startDetectServer(ctx, opts.binary, dir, database.url, catalog, strings.ToLower(database.name))
	defer server.stop()
	if err != nil {
		return nil, err
	}
	watched, err := watchComponents(ctx, server, opts.detect.runs)
	defer func() {
		for _, w := range watched {
			w.target.close()
		}
	}()
	if err != nil {
		return nil, err
	}
	var runs []detectRun
	for i, w := range watched {
		run, err := measureRun(ctx, server, w, detectInterval, aims)
		if err != nil {
			return runs, fmt.Errorf("run %d: %w", i+1, err)
		}
		run.database, run.run = database.name, i+1
		fmt.Fprintf(progress, "  %s run %d: down→visible %s, up→visible %s\n", database.name, run.run, seconds(run.down), seconds(run.up))
		runs = append(runs, run)
	}
	return runs, nil
}

// watchComponents starts a target for each run's component, creates its
// check through the API and waits until every check has a result. The
// targets it returns are started, also with an error.
func watchComponents(ctx context.Context, server *detectServer, runs int) ([]watchedComponent, error) {
	components, err := server.componentsByRegion(ctx)
	if err != nil {
		return nil, err
	}
	var watched []watchedComponent
	var checks []uint
	for run := 1; run <= runs; run++ {
		region := detectRegion(run)
		componentID, ok := components[region]
		if !ok {
			return watched, fmt.Errorf("no component in region %q after provisioning", region)
		}
		target, err := startSwitchableTarget()
		if err != nil {
			return watched, err
		}
		watched = append(watched, watchedComponent{region: region, target: target})
		checkID, err := server.createCheck(ctx, componentID, target.URL, detectInterval)
		if err != nil {
			return watched, err
		}
		checks = append(checks, checkID)
	}
	return watched, waitForResults(ctx, server, checks, 2*detectInterval+30*time.Second)
}

// waitForResults polls each check's results until it has one.
func waitForResults(ctx context.Context, server *detectServer, checks []uint, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for _, checkID := range checks {
		for {
			has, err := server.hasResults(ctx, checkID)
			if err != nil {
				return err
			}
			if has {
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("check %d has no result %s after its creation; %s", checkID, limit, server.serveLog())
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(500 * time.Millisecond):
			}
		}
	}
	return nil
}

// databaseNames joins the databases' names for a progress line.
func databaseNames(databases []detectDatabase) string {
	names := make([]string, 0, len(databases))
	for _, database := range databases {
		names = append(names, database.name)
	}
	return strings.Join(names, " and ")
}

// lockedWriter serialises the progress lines of the databases' runs.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
