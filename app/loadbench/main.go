// Command loadbench is statusdash's load benchmark, run by `make bench`: it
// provisions the OTC catalog with 5,000 past events and 5 open incidents,
// starts `statusdash serve` and nginx serving the very same overview bytes
// pre-compressed, loads both with wrk on loopback and prints the figures.
// With --scale it measures a large installation instead (scale.go), with
// --detect the time until / shows a monitored target's outage (detect.go).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
)

// postgresURLVar is the test suite's PostgreSQL variable, the default of --postgres.
const postgresURLVar = "SDB_TEST_POSTGRES_URL"

// options are the command-line flags.
type options struct {
	binary   string
	catalog  string
	postgres string
	redis    string
	nginx    string
	wrk      wrkOptions
	counts   seedCounts
	builds   int
	// buildProfile, when set, is where the uncached builds' CPU profile goes.
	buildProfile string
	keep         bool
	// postsOnly runs the v1 POST measurement alone.
	postsOnly bool
	// postRuns is how many times the POST runs are measured, each on a
	// fresh copy of the seeded database.
	postRuns int
	// postsTemplate, when set, is a seeded PostgreSQL database kept by an
	// earlier run, copied instead of seeding a new one.
	postsTemplate string
	// scaleCatalogPath, when set, is where the generated catalog of a large
	// installation goes; nothing else runs.
	scaleCatalogPath string
	scale            scaleOptions
	detect           detectOptions
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run returns the exit code: 0 done, 1 failure, 2 usage.
func run(args []string, stdout, stderr io.Writer) int {
	opts, err := parseFlags(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, "loadbench:", err)
		return 2
	}
	// A closed output pipe must not kill us before the children are stopped
	// and the temporary database is dropped.
	signal.Ignore(syscall.SIGPIPE)
	// Ctrl-C cancels the context; deferred stops then end the children.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if opts.scaleCatalogPath != "" {
		if err := saveScaleCatalog(opts.scaleCatalogPath, opts.counts); err != nil {
			fmt.Fprintln(stderr, "loadbench:", err)
			return 1
		}
		return 0
	}
	if opts.detect.enabled {
		if err := detectBenchmark(ctx, opts, stdout); err != nil {
			fmt.Fprintln(stderr, "loadbench:", err)
			return 1
		}
		return 0
	}
	if opts.scale.enabled {
		if err := scaleBenchmark(ctx, opts, stdout); err != nil {
			fmt.Fprintln(stderr, "loadbench:", err)
			return 1
		}
		return 0
	}
	if err := benchmark(ctx, opts, stdout); err != nil {
		fmt.Fprintln(stderr, "loadbench:", err)
		return 1
	}
	return 0
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("loadbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts options
	fs.StringVar(&opts.binary, "binary", "bin/statusdash", "the statusdash binary to serve with")
	fs.StringVar(&opts.catalog, "catalog", "", "catalog to provision (default ../shared/catalogs/otc-production.yaml from the repository root)")
	fs.StringVar(&opts.postgres, "postgres", os.Getenv(postgresURLVar), "PostgreSQL server URL for the v1 POST figures; a database of its own is created and dropped (default $"+postgresURLVar+")")
	fs.StringVar(&opts.redis, "redis", "", "also load the overview of a second server using this Redis (for sessions and rate limits), on PostgreSQL when --postgres is given, else on the SQLite file (its keys are flushed by nobody: use a scratch database)")
	fs.StringVar(&opts.nginx, "nginx", "/usr/sbin/nginx", "the nginx binary")
	fs.StringVar(&opts.wrk.Binary, "wrk", "/usr/bin/wrk", "the wrk binary")
	fs.IntVar(&opts.wrk.Threads, "threads", 2, "wrk threads")
	fs.IntVar(&opts.wrk.Connections, "connections", 64, "wrk connections")
	fs.DurationVar(&opts.wrk.Duration, "duration", 10*time.Second, "length of each wrk run")
	fs.IntVar(&opts.counts.PastEvents, "events", 5000, "generated past events")
	fs.IntVar(&opts.counts.OpenIncidents, "open", 5, "generated open incidents")
	fs.IntVar(&opts.builds, "builds", 200, "uncached overview builds to time")
	fs.StringVar(&opts.buildProfile, "build-cpuprofile", "", "write a CPU profile of the uncached overview builds to this file")
	fs.BoolVar(&opts.keep, "keep", false, "keep the temporary directory (database, nginx config, logs) and the PostgreSQL database")
	fs.BoolVar(&opts.postsOnly, "posts-only", false, "measure the v1 POST throughput alone (needs --postgres)")
	fs.IntVar(&opts.postRuns, "post-runs", 3, "times to measure the v1 POST runs, each on a fresh copy of the seeded database")
	fs.StringVar(&opts.postsTemplate, "posts-template", "", "PostgreSQL URL of a database seeded and kept (--keep) by an earlier run, copied for the POST runs instead of seeding anew")
	fs.StringVar(&opts.scaleCatalogPath, "write-scale-catalog", "", "write the generated catalog of a large installation (250 services in 4 regions, 10 categories, --events past events and --open open incidents, absolute times) to this file and exit")
	fs.BoolVar(&opts.scale.enabled, "scale", false, "run the scale measurement instead: the large installation's generated catalog (1,000 components) with --events past events (default 100,000), provisioned twice, then every public endpoint uncached and cached, and 16 concurrent readers of the largest response; on SQLite and, with --postgres, PostgreSQL")
	fs.IntVar(&opts.scale.samples, "samples", 5, "with --scale: uncached requests timed per endpoint, each after a data version bump")
	fs.IntVar(&opts.scale.cachedSamples, "cached-samples", 20, "with --scale: cached requests timed per endpoint")
	fs.DurationVar(&opts.scale.requestTimeout, "request-timeout", 60*time.Second, "with --scale: the longest a request may take before the endpoint is reported as stopped (also wrk's --timeout)")
	fs.DurationVar(&opts.scale.provisionTimeout, "provision-timeout", 30*time.Minute, "with --scale: the longest each bootstrap provision may take")
	fs.BoolVar(&opts.detect.enabled, "detect", false, "measure instead the time from a loopback target going down to / showing its component's outage, and from its return to / showing it operational: a serve child with its monitoring worker, an HTTP check every 10 s per run; on SQLite and, with --postgres, PostgreSQL")
	fs.IntVar(&opts.detect.runs, "detect-runs", 3, "with --detect: the times a target goes down and up, each at a random moment of the check's interval")
	if err := fs.Parse(args); err != nil {
		return opts, err
	}
	if opts.scale.enabled && !flagGiven(fs, "events") {
		opts.counts.PastEvents = scaleEvents
	}
	if opts.scale.samples < 1 || opts.scale.cachedSamples < 1 || opts.scale.requestTimeout < time.Second {
		return opts, errors.New("--samples and --cached-samples must be at least 1, --request-timeout at least 1s")
	}
	if fs.NArg() > 0 {
		return opts, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if opts.postsOnly && opts.postgres == "" {
		return opts, errors.New("--posts-only needs --postgres or $" + postgresURLVar)
	}
	if opts.wrk.Duration < time.Second || opts.wrk.Connections < 1 || opts.wrk.Threads < 1 || opts.builds < 1 || opts.postRuns < 1 {
		return opts, errors.New("--duration must be at least 1s; --connections, --threads, --builds and --post-runs at least 1")
	}
	if opts.scaleCatalogPath != "" {
		return opts, nil
	}
	if opts.detect.enabled {
		return opts, detectFlags(&opts)
	}
	if opts.catalog == "" {
		root, err := repositoryRoot()
		if err != nil {
			return opts, fmt.Errorf("--catalog not given and %w", err)
		}
		opts.catalog = filepath.Join(root, "..", "shared", "catalogs", "otc-production.yaml")
	}
	binary, err := filepath.Abs(opts.binary)
	if err != nil {
		return opts, err
	}
	opts.binary = binary
	for _, path := range []string{opts.binary, opts.catalog, opts.nginx, opts.wrk.Binary} {
		if _, err := os.Stat(path); err != nil {
			return opts, fmt.Errorf("%s: %w", path, err)
		}
	}
	return opts, nil
}

// detectFlags checks the flags --detect uses: it needs no catalog, nginx or wrk.
func detectFlags(opts *options) error {
	if opts.detect.runs < 1 {
		return errors.New("--detect-runs must be at least 1")
	}
	binary, err := filepath.Abs(opts.binary)
	if err != nil {
		return err
	}
	opts.binary = binary
	if _, err := os.Stat(opts.binary); err != nil {
		return fmt.Errorf("%s: %w (run make build)", opts.binary, err)
	}
	return nil
}

// flagGiven reports whether the command line set the flag named name.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

// saveScaleCatalog writes the generated catalog of a large installation to path.
func saveScaleCatalog(path string, counts seedCounts) error {
	file, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := writeScaleCatalog(file, largeInstallation, counts, time.Now().UTC().Truncate(time.Minute)); err != nil {
		file.Close()
		return err
	}
	return file.Close()
}

// repositoryRoot walks up from the working directory to the directory of go.mod.
func repositoryRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}
