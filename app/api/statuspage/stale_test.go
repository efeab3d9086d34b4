package statuspage

import (
	"net/http"
	"testing"

	"statusdash/app/store/storetest"
)

// TestDatabaseDown: with the database gone, a file read before is served
// from its last good copy marked stale; one never read is a JSON 503 with
// Retry-After, never a panic.
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
	// Aggregators must be able to tell: the copy says it is stale and may not be kept.
	for name, want := range map[string]string{"Warning": `110 - "Response is Stale"`, "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*"} {
		if got := after.Header().Get(name); got != want {
			t.Errorf("stale summary.json: %s = %q, want %q", name, got, want)
		}
	}
	missing := get(e, "/api/v2/components.json")
	if missing.Code != http.StatusServiceUnavailable || missing.Header().Get("Content-Type") != "application/json" || missing.Header().Get("Retry-After") == "" {
		t.Errorf("components.json never read, database down: status %d, Content-Type %q, Retry-After %q; want 503 JSON with Retry-After",
			missing.Code, missing.Header().Get("Content-Type"), missing.Header().Get("Retry-After"))
	}
}
