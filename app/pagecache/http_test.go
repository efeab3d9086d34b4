package pagecache

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestAcceptsGzip(t *testing.T) {
	tests := map[string]bool{
		"":                        false,
		"gzip":                    true,
		"GZIP":                    true,
		"deflate, gzip;q=0.8, br": true,
		"*":                       true,
		"gzip;q=0":                false,
		"gzip; q=0.000, identity": false,
		"deflate, br":             false,
		"x-gzip-not-really, br":   false,
	}
	for accept, want := range tests {
		if got := AcceptsGzip(accept); got != want {
			t.Errorf("AcceptsGzip(%q) = %v, want %v", accept, got, want)
		}
	}
}

func TestNotModified(t *testing.T) {
	built := time.Date(2026, 11, 22, 12, 0, 0, 500, time.UTC)
	page := &Page{ETag: `"abc"`, BuiltAt: built}
	tests := []struct {
		name    string
		headers map[string]string
		want    bool
	}{
		{"no validators", nil, false},
		{"matching etag", map[string]string{"If-None-Match": `"abc"`}, true},
		{"weak matching etag in a list", map[string]string{"If-None-Match": `"x", W/"abc"`}, true},
		{"star", map[string]string{"If-None-Match": "*"}, true},
		{"other etag wins over date", map[string]string{"If-None-Match": `"x"`, "If-Modified-Since": built.Add(time.Hour).Format(http.TimeFormat)}, false},
		{"modified since: same second", map[string]string{"If-Modified-Since": built.Format(http.TimeFormat)}, true},
		{"modified since: earlier", map[string]string{"If-Modified-Since": built.Add(-time.Minute).Format(http.TimeFormat)}, false},
		{"bad date", map[string]string{"If-Modified-Since": "yesterday"}, false},
	}
	for _, tt := range tests {
		request := httptest.NewRequest(http.MethodGet, "/", nil)
		for k, v := range tt.headers {
			request.Header.Set(k, v)
		}
		if got := page.NotModified(request); got != tt.want {
			t.Errorf("%s: NotModified = %v, want %v", tt.name, got, tt.want)
		}
	}
}
