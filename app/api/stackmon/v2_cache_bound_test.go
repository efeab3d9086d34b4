package stackmon

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"

	"github.com/labstack/echo/v4"

	"statusdash/app/apiauth"
	"statusdash/app/config"
	"statusdash/app/store/storetest"
)

// TestV2CacheKeysBounded: however many distinct queries clients send, the
// answers keyed by query stay at most lookupAnswers, and they do not evict
// the lists.
func TestV2CacheKeysBounded(t *testing.T) {
	t.Parallel()
	api := New(Deps{Deps: apiauth.Deps{Config: config.Defaults(), Store: storetest.OpenSQLite(t)}})
	e := echo.New()
	api.Register(e)
	get := func(target string) {
		t.Helper()
		recorder := httptest.NewRecorder()
		e.ServeHTTP(recorder, httptest.NewRequest(http.MethodGet, target, nil))
		if recorder.Code != http.StatusOK {
			t.Fatalf("GET %s = %d, want 200", target, recorder.Code)
		}
	}
	get("/v2/availability")
	for page := 1; page <= lookupAnswers+100; page++ {
		get("/v2/events?page=" + strconv.Itoa(page))
	}
	if got := api.lookups.Len(); got != lookupAnswers {
		t.Errorf("answers keyed by query = %d, want %d", got, lookupAnswers)
	}
	if _, ok := api.pages.LastGood("/v2/availability"); !ok {
		t.Errorf("the availability answer was evicted by the event pages")
	}
}

func TestEventListKey(t *testing.T) {
	t.Parallel()
	same := [][]string{
		{"", "page=1&limit=50", "limit=50"},
		{"type=incident,maintenance", "type=maintenance,incident", "type=incident,maintenance,incident"},
		{"components=3,1", "components=1,3,1"},
		{"start_date=2026-05-20T12:00:00Z", "start_date=2026-05-20T14:00:00%2B02:00"},
	}
	for _, queries := range same {
		var keys []string
		for _, query := range queries {
			values, err := url.ParseQuery(query)
			if err != nil {
				t.Fatal(err)
			}
			filter, err := parseEventFilter(values)
			if err != nil {
				t.Fatalf("parse %q: %v", query, err)
			}
			keys = append(keys, eventListKey(filter))
		}
		for i, key := range keys {
			if key != keys[0] {
				t.Errorf("key of %q = %q, want the key of %q: %q", queries[i], key, queries[0], keys[0])
			}
		}
	}
}
