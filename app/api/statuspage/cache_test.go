package statuspage

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// TestConditionalAndGzip: the ETag answers 304, gzip is served pre-compressed
// and decompresses to the plain body.
func TestConditionalAndGzip(t *testing.T) {
	s := storetest.OpenSQLite(t)
	provision(t, s)
	e := newServer(t, s, &clock{now: testNow})
	plain := get(e, "/api/v2/summary.json")
	etag := plain.Header().Get("ETag")
	if etag == "" || plain.Header().Get("Cache-Control") != "no-cache" || plain.Header().Get("Vary") != "Accept-Encoding" {
		t.Fatalf("headers = %v, want ETag, Cache-Control no-cache, Vary Accept-Encoding", plain.Header())
	}
	if got := get(e, "/api/v2/summary.json", "If-None-Match", etag); got.Code != http.StatusNotModified || got.Body.Len() != 0 {
		t.Errorf("If-None-Match: status %d, body %d bytes, want 304 and none", got.Code, got.Body.Len())
	}
	compressed := get(e, "/api/v2/summary.json", "Accept-Encoding", "gzip, deflate")
	if compressed.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding = %q, want gzip", compressed.Header().Get("Content-Encoding"))
	}
	reader, err := gzip.NewReader(compressed.Body)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(reader)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(body, plain.Body.Bytes()) {
		t.Errorf("gunzipped body differs from the plain one")
	}
}

// TestFreshness: a write (data version bump) shows on the next read; the
// clock moving into a window moves a maintenance from upcoming to active
// without any write; both on SQLite and PostgreSQL.
func TestFreshness(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		provision(t, s)
		c := &clock{now: testNow}
		e := newServer(t, s, c)
		if got := indicatorOf(t, get(e, "/api/v2/status.json").Body.Bytes()); got != "critical" {
			t.Fatalf("indicator = %q, want critical", got)
		}
		exec(t, s, "UPDATE events SET end_at = '2026-03-10 11:59:00+00:00', status = 'resolved' WHERE id = 1")
		if got := indicatorOf(t, get(e, "/api/v2/status.json").Body.Bytes()); got != "minor" {
			t.Errorf("after resolving the outage: indicator = %q, want minor", got)
		}
		if got := countOf(t, get(e, "/api/v2/scheduled-maintenances/active.json").Body.Bytes()); got != 1 {
			t.Fatalf("active maintenances = %d, want 1", got)
		}
		c.now = time.Date(2026, 3, 11, 2, 0, 0, 0, time.UTC) // OBS upgrade begins; ECS upgrade is over
		active := get(e, "/api/v2/scheduled-maintenances/active.json").Body.Bytes()
		var file struct {
			Items []struct{ Name, Status string } `json:"scheduled_maintenances"`
		}
		if err := json.Unmarshal(active, &file); err != nil {
			t.Fatal(err)
		}
		if len(file.Items) != 1 || file.Items[0].Name != "OBS upgrade" || file.Items[0].Status != "in_progress" {
			t.Errorf("active at the OBS window = %s, want only OBS upgrade in_progress", active)
		}
		if got := countOf(t, get(e, "/api/v2/scheduled-maintenances/upcoming.json").Body.Bytes()); got != 0 {
			t.Errorf("upcoming after the last window began = %d, want 0", got)
		}
	})
}

// TestEmptyCatalog: every file is valid with nothing provisioned; lists are
// [] rather than null.
func TestEmptyCatalog(t *testing.T) {
	s := storetest.OpenSQLite(t)
	e := newServer(t, s, &clock{now: testNow})
	response := get(e, "/api/v2/summary.json")
	var summary map[string]json.RawMessage
	if err := json.Unmarshal(response.Body.Bytes(), &summary); err != nil {
		t.Fatal(err)
	}
	for _, list := range []string{"components", "incidents", "scheduled_maintenances"} {
		if got := string(summary[list]); got != "[]" {
			t.Errorf("%s = %s, want []", list, got)
		}
	}
}

func indicatorOf(t *testing.T, body []byte) string {
	t.Helper()
	var file struct{ Status statusInfo }
	if err := json.Unmarshal(body, &file); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return file.Status.Indicator
}

func countOf(t *testing.T, body []byte) int {
	t.Helper()
	var file struct {
		Items []json.RawMessage `json:"scheduled_maintenances"`
	}
	if err := json.Unmarshal(body, &file); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return len(file.Items)
}

// TestCachedFileAllocations: a cached file is a lookup and a copy of stored
// bytes. 10 allocations, two fewer than when each hit built its cache key.
func TestCachedFileAllocations(t *testing.T) {
	s := storetest.OpenSQLite(t)
	provision(t, s)
	e := echo.New()
	New(Deps{Store: s, Versions: fixedVersion(1), Now: (&clock{now: testNow}).Now}).Register(e)
	request := httptest.NewRequest(http.MethodGet, "/api/v2/summary.json", nil)
	request.Header.Set("Accept-Encoding", "gzip")
	e.ServeHTTP(httptest.NewRecorder(), request)
	allocs := testing.AllocsPerRun(100, func() {
		writer := &headerOnlyWriter{header: make(http.Header)}
		e.ServeHTTP(writer, request)
		if writer.status != http.StatusOK {
			t.Fatalf("status %d", writer.status)
		}
	})
	if allocs > 10 {
		t.Errorf("a cached summary.json allocates %.0f times, want at most 10", allocs)
	}
}

// headerOnlyWriter keeps the status and drops the body.
type headerOnlyWriter struct {
	header http.Header
	status int
}

func (w *headerOnlyWriter) Header() http.Header { return w.header }

func (w *headerOnlyWriter) WriteHeader(status int) { w.status = status }

func (w *headerOnlyWriter) Write(body []byte) (int, error) { return len(body), nil }

// TestEveryFileServedFromCache: each of the files, asked again later in the
// same time bucket with no write between, is the copy built for the first
// request (its Last-Modified is the first request's clock).
func TestEveryFileServedFromCache(t *testing.T) {
	s := storetest.OpenSQLite(t)
	provision(t, s)
	c := &clock{now: testNow}
	e := newServer(t, s, c)
	first := map[string]string{}
	for name := range documents {
		first[name] = get(e, "/api/v2/"+name).Header().Get("Last-Modified")
	}
	c.now = testNow.Add(10 * time.Second)
	for name := range documents {
		if got := get(e, "/api/v2/"+name).Header().Get("Last-Modified"); got == "" || got != first[name] {
			t.Errorf("%s asked again: Last-Modified %q, want the first copy's %q", name, got, first[name])
		}
	}
}
