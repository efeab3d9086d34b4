package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestNginxAndWrk serves a page through the benchmark's nginx and loads it
// with wrk for a second, when both are installed.
func TestNginxAndWrk(t *testing.T) {
	for _, binary := range []string{"/usr/sbin/nginx", "/usr/bin/wrk"} {
		if _, err := os.Stat(binary); err != nil {
			t.Skipf("%s is not installed: install Debian's nginx-light and wrk to run it", binary)
		}
	}
	ctx := context.Background()
	plain := bytes.Repeat([]byte("<p>statusdash</p>\n"), 500)
	_, gzipped, _, err := page{Body: plain}.plainAndGzipped()
	if err != nil {
		t.Fatal(err)
	}
	addr, err := freeLoopbackAddr()
	if err != nil {
		t.Fatal(err)
	}
	// Not t.TempDir: nginx workers run as an unprivileged user and must
	// traverse every parent of the page.
	top, err := os.MkdirTemp("", "loadbench-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(top) })
	if err := os.Chmod(top, 0o755); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(top, "nginx")
	nginx, err := startNginx("/usr/sbin/nginx", dir, addr, gzipped, plain)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nginx.stop)
	url := "http://" + addr + "/"
	if err := nginx.waitReady(ctx, url, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	got, err := fetch(ctx, url, true)
	if err != nil {
		t.Fatal(err)
	}
	if got.Encoding != "gzip" || !bytes.Equal(got.Body, gzipped) {
		t.Errorf("nginx answered encoding %q with %d bytes, want gzip with the %d stored bytes", got.Encoding, len(got.Body), len(gzipped))
	}
	if got, err := fetch(ctx, url, false); err != nil || !bytes.Equal(got.Body, plain) {
		t.Errorf("nginx without gzip answered %d bytes (%v), want the %d plain bytes", len(got.Body), err, len(plain))
	}
	result, err := runWrk(ctx, wrkOptions{Binary: "/usr/bin/wrk", Threads: 1, Connections: 4, Duration: time.Second}, url)
	if err != nil {
		t.Fatal(err)
	}
	if result.RequestsPerSec <= 0 || result.Non2xx != 0 {
		t.Errorf("wrk against nginx = %+v, want requests and no errors", result)
	}
	if _, err := nginx.peakMemoryKB(); err != nil {
		t.Errorf("peak memory of nginx: %v", err)
	}
}
