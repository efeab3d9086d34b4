package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// scaleEvents is the history of the scale run unless --events says otherwise.
const scaleEvents = 100000

// scaleOptions are the flags of the scale run alone.
type scaleOptions struct {
	enabled bool
	// samples and cachedSamples are the requests timed per endpoint.
	samples, cachedSamples int
	// requestTimeout bounds each request; provisionTimeout each provisioning.
	requestTimeout, provisionTimeout time.Duration
}

// scaleFigures is what the scale run measured on one database.
type scaleFigures struct {
	database  string // SQLite or PostgreSQL
	provision provisionFigures
	endpoints []endpointFigures
	readers   []readersFigures
	// loadAvg and wrkLoad are /proc/loadavg before the endpoints and before wrk.
	loadAvg, wrkLoad string
}

// scaleBenchmark writes the large installation's catalog with its events,
// then on SQLite and, with --postgres, on PostgreSQL: times provisioning
// it twice, measures every public endpoint and loads the largest with
// concurrent readers.
func scaleBenchmark(ctx context.Context, opts options, stdout io.Writer) error {
	dir, err := os.MkdirTemp("", "statusdash-scale-")
	if err != nil {
		return err
	}
	if opts.keep {
		fmt.Fprintln(stdout, "keeping", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	catalog := filepath.Join(dir, "scale-catalog.yaml")
	fmt.Fprintf(stdout, "writing the scale catalog (%d components, %d past events, %d open incidents) to %s...\n",
		largeInstallation.Services*largeInstallation.Regions, opts.counts.PastEvents, opts.counts.OpenIncidents, catalog)
	if err := saveScaleCatalog(catalog, opts.counts); err != nil {
		return err
	}
	var all []scaleFigures
	sqlite, err := scaleOn(ctx, opts, dir, catalog, "SQLite", filepath.Join(dir, "scale.db"), stdout)
	if err != nil {
		return fmt.Errorf("scale run on SQLite: %w", err)
	}
	all = append(all, sqlite)
	if opts.postgres != "" {
		dbURL, drop, err := createPostgresDatabase(ctx, opts.postgres, "")
		if err != nil {
			return err
		}
		defer dropUnlessKept(opts.keep, dbURL, "(scale run)", drop)
		postgres, err := scaleOn(ctx, opts, dir, catalog, "PostgreSQL", dbURL, stdout)
		if err != nil {
			return fmt.Errorf("scale run on PostgreSQL: %w", err)
		}
		all = append(all, postgres)
	}
	header := scaleHeader{components: largeInstallation.Services * largeInstallation.Regions, events: opts.counts.PastEvents,
		open: opts.counts.OpenIncidents, samples: opts.scale.samples, cachedSamples: opts.scale.cachedSamples, wrk: opts.wrk, timeout: opts.scale.requestTimeout}
	for _, figures := range all {
		printScale(stdout, header, figures)
	}
	fmt.Fprintln(stdout, "\nREADME rows:")
	for _, figures := range all {
		for _, row := range scaleMarkdownRows(header, figures) {
			fmt.Fprintln(stdout, row)
		}
	}
	return nil
}

// scaleOn provisions the catalog into the database at dbURL and measures it.
func scaleOn(ctx context.Context, opts options, dir, catalog, database, dbURL string, stdout io.Writer) (scaleFigures, error) {
	figures := scaleFigures{database: database}
	fmt.Fprintf(stdout, "%s: migrate up, then bootstrap provision twice...\n", database)
	var err error
	if figures.provision, err = provisionScale(ctx, opts.binary, dbURL, catalog, opts.scale.provisionTimeout); err != nil {
		return figures, err
	}
	fmt.Fprintf(stdout, "  provisioned in %s, again in %s\n", figures.provision.First.Round(time.Millisecond), figures.provision.Again.Round(time.Millisecond))
	bumper, err := openVersionBumper(dbURL)
	if err != nil {
		return figures, err
	}
	defer bumper.close()
	serving := scaleServing{
		binary: opts.binary, dir: dir, dbURL: dbURL, label: "scale-" + database,
		samples: opts.scale.samples, cachedSamples: opts.scale.cachedSamples,
		timeout: opts.scale.requestTimeout, bumper: bumper,
	}
	target, err := findTarget(ctx, serving, opts.counts.PastEvents)
	if err != nil {
		return figures, err
	}
	figures.loadAvg = loadAverage()
	for i, endpoint := range scaleEndpoints(target) {
		measured, err := measureEndpoint(ctx, serving, i, endpoint)
		if err != nil {
			return figures, fmt.Errorf("%s: %w", endpoint.Path, err)
		}
		fmt.Fprintf(stdout, "  %s\n", endpointLine(measured))
		figures.endpoints = append(figures.endpoints, measured)
	}
	largest, ok := largestResponse(figures.endpoints)
	if !ok {
		return figures, nil
	}
	load := opts.wrk
	load.Connections, load.Timeout = scaleReaders, opts.scale.requestTimeout
	figures.wrkLoad = loadAverage()
	for _, gzipped := range []bool{false, true} {
		fmt.Fprintf(stdout, "  wrk -c%d %s (gzip %v)...\n", load.Connections, largest.Path, gzipped)
		readers, err := measureReaders(ctx, serving, fmt.Sprintf("readers-gzip-%v", gzipped), largest, load, gzipped)
		if err != nil {
			return figures, fmt.Errorf("concurrent readers of %s: %w", largest.Path, err)
		}
		figures.readers = append(figures.readers, readers)
	}
	return figures, nil
}

// scaleReaders is how many concurrent readers load the largest response.
const scaleReaders = 16
