package statuspage

import (
	"net/http"
	"testing"

	"statusdash/app/store/storetest"
)

// TestDatabaseDown: with the database gone, a file read before is served
// from its last good copy; one never read is a JSON 503, never a panic.
func TestDatabaseDown(t *testing.T) {
	s := storetest.OpenSQLite(t)
	provision(t, s)
	c := &clock{now: testNow}
	e := newServer(t, s, c)
	before := get(e, "/api/v2/summary.json")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	c.now = testNow.Add(DefaultTimeBucket) // a new bucket: the cached copy no longer applies
	after := get(e, "/api/v2/summary.json")
	if after.Code != http.StatusOK || after.Body.String() != before.Body.String() {
		t.Errorf("summary.json with the database down: status %d, same body %v; want 200 and the last good copy",
			after.Code, after.Body.String() == before.Body.String())
	}
	missing := get(e, "/api/v2/components.json")
	if missing.Code != http.StatusServiceUnavailable || missing.Header().Get("Content-Type") != "application/json" {
		t.Errorf("components.json never read, database down: status %d, Content-Type %q; want 503 JSON",
			missing.Code, missing.Header().Get("Content-Type"))
	}
}
