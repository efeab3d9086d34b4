package pagecache

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strconv"
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

func TestWrite(t *testing.T) {
	pages := New(1)
	pages.Put("/", 1, &Page{Body: []byte("<p>hello, hello, hello</p>"), ContentType: "text/html; charset=utf-8",
		BuiltAt: time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)})
	page, _ := pages.Get("/", 1)
	tests := []struct {
		name             string
		method           string
		headers          map[string]string
		status           int
		encoding, length string
		body             []byte
	}{
		{"plain", http.MethodGet, nil, http.StatusOK, "", strconv.Itoa(len(page.Body)), page.Body},
		{"gzip", http.MethodGet, map[string]string{"Accept-Encoding": "gzip"}, http.StatusOK, "gzip", strconv.Itoa(len(page.Gzip)), page.Gzip},
		{"head", http.MethodHead, map[string]string{"Accept-Encoding": "gzip"}, http.StatusOK, "gzip", strconv.Itoa(len(page.Gzip)), nil},
		{"not modified", http.MethodGet, map[string]string{"If-None-Match": page.ETag}, http.StatusNotModified, "", "", nil},
	}
	for _, tt := range tests {
		request := httptest.NewRequest(tt.method, "/", nil)
		for k, v := range tt.headers {
			request.Header.Set(k, v)
		}
		recorder := httptest.NewRecorder()
		recorder.Header().Set("Content-Type", page.ContentType) // the caller's part
		if err := page.Write(recorder, request); err != nil {
			t.Fatalf("%s: Write: %v", tt.name, err)
		}
		header := recorder.Header()
		if recorder.Code != tt.status {
			t.Errorf("%s: status %d, want %d", tt.name, recorder.Code, tt.status)
		}
		if got := header.Get("Etag"); got != page.ETag {
			t.Errorf("%s: ETag %q, want %q", tt.name, got, page.ETag)
		}
		if got := header.Get("Last-Modified"); got != "Sun, 22 Nov 2026 12:00:00 GMT" {
			t.Errorf("%s: Last-Modified %q", tt.name, got)
		}
		if got := header.Get("Content-Encoding"); got != tt.encoding {
			t.Errorf("%s: Content-Encoding %q, want %q", tt.name, got, tt.encoding)
		}
		if got := header.Get("Content-Length"); got != tt.length {
			t.Errorf("%s: Content-Length %q, want %q", tt.name, got, tt.length)
		}
		wantType := page.ContentType
		if tt.status == http.StatusNotModified {
			wantType = "" // a 304 has no body to describe
		}
		if got := header.Get("Content-Type"); got != wantType {
			t.Errorf("%s: Content-Type %q, want %q", tt.name, got, wantType)
		}
		if got := recorder.Body.Bytes(); !bytes.Equal(got, tt.body) {
			t.Errorf("%s: body of %d bytes, want %d", tt.name, len(got), len(tt.body))
		}
	}
}

// headerWriter is a ResponseWriter whose header map is large enough from
// the start, so writing headers allocates nothing of its own.
type headerWriter struct{ header http.Header }

func (w *headerWriter) Header() http.Header            { return w.header }
func (w *headerWriter) WriteHeader(int)                {}
func (w *headerWriter) Write(body []byte) (int, error) { return len(body), nil }

func TestWriteOfAStoredPageDoesNotAllocate(t *testing.T) {
	pages := New(1)
	pages.Put("/", 1, &Page{Body: []byte("<p>hello</p>"), ContentType: "text/html; charset=utf-8"})
	page, _ := pages.Get("/", 1)
	request := httptest.NewRequest(http.MethodGet, "/", nil)
	request.Header.Set("Accept-Encoding", "gzip")
	writer := &headerWriter{header: make(http.Header, 16)}
	allocs := testing.AllocsPerRun(100, func() {
		writer.header["Content-Type"] = page.ContentTypeHeader()
		_ = page.Write(writer, request)
	})
	if allocs != 0 {
		t.Errorf("Write allocates %.0f times per call, want 0", allocs)
	}
}
