package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// figures is everything the benchmark prints.
type figures struct {
	seedTime       time.Duration
	seedSummary    string
	builds         []time.Duration
	buildNote      string
	htmlBytes      int
	htmlGzipBytes  int
	serverGzipped  bool
	css            []cssSize
	statusdash     wrkResult
	nginx          wrkResult
	bare           wrkResult  // a bare net/http handler serving the same bytes
	loadBefore     string     // /proc/loadavg's first three fields
	withRedis      *wrkResult // nil unless --redis was given
	withRedisOn    string     // the database of the server with Redis
	summary        *wrkResult // nil when the endpoint is missing
	summaryNote    string
	peakMemoryKB   int64
	posts          []postRun
	postsNote      string
	wrk            wrkOptions
	events, opened int
}

type cssSize struct {
	href             string
	bytes, gzipBytes int
}

// benchmark runs every step; deferred stops end the children on any return.
func benchmark(ctx context.Context, opts options, stdout io.Writer) error {
	dir, err := os.MkdirTemp("", "statusdash-bench-")
	if err != nil {
		return err
	}
	// nginx workers run as an unprivileged user and must traverse it to the page.
	if err := os.Chmod(dir, 0o755); err != nil {
		return err
	}
	if opts.keep {
		fmt.Fprintln(stdout, "keeping", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	f := figures{wrk: opts.wrk, events: opts.counts.PastEvents, opened: opts.counts.OpenIncidents}
	if opts.postsOnly {
		if f.posts, f.postsNote, err = benchmarkPosts(ctx, opts, dir); err != nil {
			return fmt.Errorf("v1 POST benchmark: %w", err)
		}
		printPosts(stdout, f)
		return nil
	}
	dbURL := filepath.Join(dir, "statusdash.db")

	fmt.Fprintf(stdout, "provisioning %s with %d past events and %d open incidents...\n", filepath.Base(opts.catalog), opts.counts.PastEvents, opts.counts.OpenIncidents)
	started := time.Now()
	result, err := seed(ctx, dbURL, opts.catalog, opts.counts, time.Now().UTC())
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	f.seedTime = time.Since(started)
	f.seedSummary = strings.ReplaceAll(result.String(), "\n", "; ")

	fmt.Fprintf(stdout, "timing %d uncached overview builds in-process...\n", opts.builds)
	f.builds, f.buildNote, err = measureBuilds(ctx, dbURL, opts.builds, opts.buildProfile)
	if err != nil {
		return fmt.Errorf("uncached builds: %w", err)
	}

	server, baseURL, err := startServer(ctx, opts.binary, dir, dbURL, "sqlite")
	defer server.stop()
	if err != nil {
		return err
	}
	if err := measurePage(ctx, baseURL, &f); err != nil {
		return err
	}
	plainPage, gzPage, header, err := overviewBytes(ctx, baseURL)
	if err != nil {
		return err
	}

	nginxAddr, err := freeLoopbackAddr()
	if err != nil {
		return err
	}
	nginx, err := startNginx(opts.nginx, filepath.Join(dir, "nginx"), nginxAddr, gzPage, plainPage)
	defer nginx.stop()
	if err != nil {
		return err
	}
	nginxURL := "http://" + nginxAddr + "/"
	if err := nginx.waitReady(ctx, nginxURL, 10*time.Second); err != nil {
		return err
	}
	if got, err := fetch(ctx, nginxURL, true); err != nil || got.Encoding != "gzip" || !bytes.Equal(got.Body, gzPage) {
		return fmt.Errorf("nginx does not serve the overview's gzip bytes (encoding %q, %d bytes, err %v)", got.Encoding, len(got.Body), err)
	}

	f.loadBefore = loadAverage()
	fmt.Fprintf(stdout, "wrk -t%d -c%d -d%s against statusdash, nginx and a bare net/http server...\n", opts.wrk.Threads, opts.wrk.Connections, opts.wrk.Duration)
	if f.statusdash, err = runWrk(ctx, opts.wrk, baseURL+"/"); err != nil {
		return err
	}
	if f.nginx, err = runWrk(ctx, opts.wrk, nginxURL); err != nil {
		return err
	}
	nginx.stop()
	if f.bare, err = benchmarkBare(ctx, opts, gzPage, header); err != nil {
		return err
	}

	summaryURL := baseURL + "/api/v2/summary.json"
	switch got, err := fetch(ctx, summaryURL, true); {
	case err != nil:
		return err
	case got.Status == http.StatusOK:
		r, err := runWrk(ctx, opts.wrk, summaryURL)
		if err != nil {
			return err
		}
		f.summary = &r
	default:
		f.summaryNote = fmt.Sprintf("not available (GET /api/v2/summary.json answered %d)", got.Status)
	}
	if f.peakMemoryKB, err = server.peakMemoryKB(); err != nil {
		return err
	}
	server.stop()

	if opts.redis != "" {
		r, on, err := benchmarkRedis(ctx, opts, dir, dbURL)
		if err != nil {
			return fmt.Errorf("overview with Redis: %w", err)
		}
		f.withRedis, f.withRedisOn = &r, on
	}

	if opts.postgres == "" {
		f.postsNote = "not run: give --postgres URL or set " + postgresURLVar
	} else if f.posts, f.postsNote, err = benchmarkPosts(ctx, opts, dir); err != nil {
		return fmt.Errorf("v1 POST benchmark: %w", err)
	}
	printFigures(stdout, f)
	return nil
}

// serverEnv is the environment of a child statusdash: the inherited one
// without any SDB_ variable, plus the given settings.
func serverEnv(settings map[string]string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SDB_") {
			env = append(env, kv)
		}
	}
	for name, value := range settings {
		env = append(env, name+"="+value)
	}
	return env
}

// benchSecret signs the benchmark's API tokens; the server runs with it.
const benchSecret = "loadbench-secret-key-0123456789abcdef0123456789"

// startServer starts `statusdash serve` on a free loopback port and waits until the overview answers.
// Its log and instance directory are named after label.
func startServer(ctx context.Context, binary, dir, dbURL, label string, extra ...string) (*child, string, error) {
	addr, err := freeLoopbackAddr()
	if err != nil {
		return nil, "", err
	}
	baseURL := "http://" + addr
	settings := map[string]string{
		"SDB_DATABASE_URL": dbURL, "SDB_LISTEN": addr, "SDB_BASE_URL": baseURL,
		"SDB_SECRET_KEY": benchSecret, "SDB_AUTO_MIGRATE": "true",
		"SDB_INSTANCE_DIR": filepath.Join(dir, "instance-"+label), "SDB_REDIS_URL": "",
		"SDB_API_WRITES_PER_MINUTE": "0", "SDB_API_SECRET_WRITES_PER_MINUTE": "0",
	}
	for i := 0; i+1 < len(extra); i += 2 {
		settings[extra[i]] = extra[i+1]
	}
	env := serverEnv(settings)
	server, err := startChild("statusdash serve ("+label+")", binary, []string{"serve"}, env, filepath.Join(dir, "serve-"+label+".log"))
	if err != nil {
		return nil, "", err
	}
	if err := server.waitReady(ctx, baseURL+"/", 60*time.Second); err != nil {
		return server, "", err
	}
	return server, baseURL, nil
}

// measurePage warms the overview and records the bytes of its HTML and stylesheets.
func measurePage(ctx context.Context, baseURL string, f *figures) error {
	for range 50 {
		if _, err := fetch(ctx, baseURL+"/", true); err != nil {
			return err
		}
	}
	got, err := fetch(ctx, baseURL+"/", true)
	if err != nil {
		return err
	}
	if got.Status != http.StatusOK {
		return fmt.Errorf("GET / answered %d", got.Status)
	}
	plain, gz, serverGzipped, err := got.plainAndGzipped()
	if err != nil {
		return err
	}
	f.htmlBytes, f.htmlGzipBytes, f.serverGzipped = len(plain), len(gz), serverGzipped
	for _, href := range stylesheets(plain) {
		url := href
		if strings.HasPrefix(href, "/") {
			url = baseURL + href
		}
		if !strings.HasPrefix(url, baseURL) {
			continue // only loopback traffic
		}
		css, err := fetch(ctx, url, false)
		if err != nil {
			return err
		}
		cssGz, err := fetch(ctx, url, true)
		if err != nil {
			return err
		}
		size := cssSize{href: href, bytes: len(css.Body), gzipBytes: len(cssGz.Body)}
		if cssGz.Encoding != "gzip" {
			_, gz, _, err := cssGz.plainAndGzipped()
			if err != nil {
				return err
			}
			size.gzipBytes = len(gz)
			size.href += " (not compressed by the server; gzip size computed here)"
		}
		f.css = append(f.css, size)
	}
	return nil
}

// overviewBytes fetches the warm overview with Accept-Encoding: gzip and returns
// its uncompressed form and the exact bytes sent.
func overviewBytes(ctx context.Context, baseURL string) (plain, gzipped []byte, header http.Header, err error) {
	got, err := fetch(ctx, baseURL+"/", true)
	if err != nil {
		return nil, nil, nil, err
	}
	plain, gzipped, _, err = got.plainAndGzipped()
	return plain, gzipped, got.Header, err
}

// benchmarkBare loads the bare net/http server serving the overview's bytes.
func benchmarkBare(ctx context.Context, opts options, gzipped []byte, header http.Header) (wrkResult, error) {
	addr, err := freeLoopbackAddr()
	if err != nil {
		return wrkResult{}, err
	}
	bare, err := startBareServer(addr, gzipped, header)
	if err != nil {
		return wrkResult{}, err
	}
	result, err := loadBare(ctx, opts, "http://"+addr+"/", gzipped)
	if stopErr := bare.stop(); err == nil {
		err = stopErr
	}
	return result, err
}

func loadBare(ctx context.Context, opts options, url string, gzipped []byte) (wrkResult, error) {
	if got, err := fetch(ctx, url, true); err != nil || !bytes.Equal(got.Body, gzipped) {
		return wrkResult{}, fmt.Errorf("the bare net/http server does not serve the overview's gzip bytes (%d bytes, err %v)", len(got.Body), err)
	}
	return runWrk(ctx, opts.wrk, url)
}

// benchmarkRedis loads the overview of a second server configured as in
// production, with Redis (sessions, rate limits): on a PostgreSQL database
// seeded like the SQLite one when --postgres is given, where the data version
// is a single-row query shared by concurrent requests, else on the SQLite
// file itself. It returns the figures and the database's name.
func benchmarkRedis(ctx context.Context, opts options, dir, sqliteURL string) (wrkResult, string, error) {
	dbURL, on := sqliteURL, "SQLite"
	if opts.postgres != "" {
		created, drop, err := createPostgresDatabase(ctx, opts.postgres, "")
		if err != nil {
			return wrkResult{}, "", err
		}
		defer dropUnlessKept(opts.keep, created, "(overview with Redis)", drop)
		if _, err := seed(ctx, created, opts.catalog, opts.counts, time.Now().UTC()); err != nil {
			return wrkResult{}, "", fmt.Errorf("seed PostgreSQL: %w", err)
		}
		if err := analyze(ctx, created); err != nil {
			return wrkResult{}, "", err
		}
		dbURL, on = created, "PostgreSQL"
	}
	server, baseURL, err := startServer(ctx, opts.binary, dir, dbURL, "redis", "SDB_REDIS_URL", opts.redis)
	defer server.stop()
	if err != nil {
		return wrkResult{}, "", err
	}
	for range 50 {
		if _, err := fetch(ctx, baseURL+"/", true); err != nil {
			return wrkResult{}, "", err
		}
	}
	r, err := runWrk(ctx, opts.wrk, baseURL+"/")
	return r, on, err
}

// loadAverage reads the 1, 5 and 15 minute load averages.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	fields := strings.Fields(string(data))
	if len(fields) < 3 {
		return "unknown"
	}
	return strings.Join(fields[:3], " ")
}
