package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	goredis "github.com/redis/go-redis/v9"
)

const consistencyCatalog = `categories:
  - name: Compute
regions:
  - name: EU-DE
services:
  - name: %s
    slug: ecs
    category: Compute
    regions: [EU-DE]
`

// TestWriteByAnotherProcessShowsOnNextRead: serve's backends and a
// "bootstrap provision" run with its own database handle share one SQLite
// file, as two processes do; the provision shows on the very next request,
// with and without Redis (and "bootstrap provision" never needs Redis).
func TestWriteByAnotherProcessShowsOnNextRead(t *testing.T) {
	tests := []struct {
		name  string
		redis bool
	}{
		{"without Redis", false},
		{"with Redis", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vars := embedded(t)
			if tt.redis {
				vars["SDB_REDIS_URL"], vars["SDB_REDIS_PREFIX"] = testRedis(t)
			}
			dir := t.TempDir()
			before := writeFile(t, dir, "before.yaml", strings.Replace(consistencyCatalog, "%s", "Elastic Cloud Server", 1))
			after := writeFile(t, dir, "after.yaml", strings.Replace(consistencyCatalog, "%s", "Renamed Cloud Server", 1))
			if code, _, stderr := run(t, vars, "bootstrap", "provision", "--catalog", before); code != exitOK {
				t.Fatalf("provision before: exit %d, %s", code, stderr)
			}
			handler := startInstance(t, vars).handler
			for range 2 { // the second is a cache hit
				if page := getPage(t, handler, "/"); !strings.Contains(page, "Elastic Cloud Server") {
					t.Fatalf("overview lacks the provisioned service")
				}
			}
			if code, _, stderr := run(t, vars, "bootstrap", "provision", "--catalog", after); code != exitOK {
				t.Fatalf("provision after: exit %d, %s", code, stderr)
			}
			page := getPage(t, handler, "/")
			if !strings.Contains(page, "Renamed Cloud Server") || strings.Contains(page, "Elastic Cloud Server") {
				t.Errorf("the overview right after another process's write still shows the old catalog")
			}
		})
	}
}

func getPage(t *testing.T, handler http.Handler, target string) string {
	t.Helper()
	recorder := httptest.NewRecorder()
	handler.ServeHTTP(recorder, httptest.NewRequest(http.MethodGet, target, nil))
	if recorder.Code != http.StatusOK {
		t.Fatalf("GET %s = %d", target, recorder.Code)
	}
	body, err := io.ReadAll(recorder.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

// testRedis returns SDB_TEST_REDIS_URL and a unique key prefix whose keys are
// deleted afterwards; it skips when the variable is not set.
func testRedis(t *testing.T) (url, prefix string) {
	t.Helper()
	url = os.Getenv("SDB_TEST_REDIS_URL")
	if url == "" {
		t.Skip("SDB_TEST_REDIS_URL not set")
	}
	random := make([]byte, 8)
	_, _ = rand.Read(random)
	prefix = "sdbtest:" + hex.EncodeToString(random) + ":"
	options, err := goredis.ParseURL(url)
	if err != nil {
		t.Fatalf("SDB_TEST_REDIS_URL: %v", err)
	}
	t.Cleanup(func() {
		client := goredis.NewClient(options)
		defer client.Close()
		ctx := context.Background()
		if keys, err := client.Keys(ctx, prefix+"*").Result(); err == nil && len(keys) > 0 {
			client.Del(ctx, keys...)
		}
	})
	return url, prefix
}
