package pagecache

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
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
		if got := page.NotModified(request, page.ETag); got != tt.want {
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
		{"gzip not modified", http.MethodGet, map[string]string{"Accept-Encoding": "gzip", "If-None-Match": page.GzipETag}, http.StatusNotModified, "", "", nil},
		// A tag of the other variant names other bytes: the reader's copy is not this one.
		{"plain tag, gzip asked", http.MethodGet, map[string]string{"Accept-Encoding": "gzip", "If-None-Match": page.ETag}, http.StatusOK, "gzip", strconv.Itoa(len(page.Gzip)), page.Gzip},
		{"gzip tag, plain asked", http.MethodGet, map[string]string{"If-None-Match": page.GzipETag}, http.StatusOK, "", strconv.Itoa(len(page.Body)), page.Body},
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
		wantETag := page.ETag
		if tt.headers["Accept-Encoding"] == "gzip" {
			wantETag = page.GzipETag
		}
		if got := header.Get("Etag"); got != wantETag {
			t.Errorf("%s: ETag %q, want %q", tt.name, got, wantETag)
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

// TestVariantsHaveTheirOwnETag: the plain and the gzip bytes are two
// representations, so their strong tags differ.
func TestVariantsHaveTheirOwnETag(t *testing.T) {
	pages := New(1)
	pages.Put("/", 1, &Page{Body: []byte("<p>hello</p>"), ContentType: "text/html; charset=utf-8"})
	page, _ := pages.Get("/", 1)
	if page.ETag == page.GzipETag || page.GzipETag == "" {
		t.Fatalf("ETag %s and GzipETag %s, want two different tags", page.ETag, page.GzipETag)
	}
	for _, etag := range []string{page.ETag, page.GzipETag} {
		if !strings.HasPrefix(etag, `"`) || !strings.HasSuffix(etag, `"`) || strings.Count(etag, `"`) != 2 {
			t.Errorf("tag %s is not one strong quoted tag", etag)
		}
	}
	if got := GzipETag(`"abc"`); got != `"abc-gzip"` {
		t.Errorf("GzipETag(\"abc\") = %s, want \"abc-gzip\"", got)
	}
}

func TestWriteStale(t *testing.T) {
	pages := New(1)
	built := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	pages.Put("/", 1, &Page{Body: []byte(strings.Repeat("<p>hello</p>", 50)), ContentType: "text/html; charset=utf-8", BuiltAt: built})
	page, _ := pages.Get("/", 1)
	noted := []byte("<p>as of noon</p>" + string(page.Body))
	tests := []struct {
		name     string
		body     []byte
		encoding string
		want     []byte
	}{
		{"own body plain", nil, "", page.Body},
		{"own body gzip", nil, "gzip", page.Gzip},
		{"noted body plain", noted, "", noted},
		{"noted body gzip", noted, "gzip", noted},
	}
	for _, tt := range tests {
		request := httptest.NewRequest(http.MethodGet, "/", nil)
		request.Header.Set("Accept-Encoding", tt.encoding)
		request.Header.Set("If-None-Match", page.ETag+", "+page.GzipETag) // a stale answer is never a 304
		recorder := httptest.NewRecorder()
		recorder.Header().Set("Etag", `"left over"`)
		if err := pages.WriteStale(recorder, request, page, tt.body); err != nil {
			t.Fatalf("%s: WriteStale: %v", tt.name, err)
		}
		header := recorder.Header()
		for name, want := range map[string]string{
			"Warning": `110 - "Response is Stale"`, "Cache-Control": "no-store", "Etag": "",
			"Content-Type": page.ContentType, "Content-Encoding": tt.encoding,
			"Last-Modified": "Sun, 22 Nov 2026 12:00:00 GMT", "Content-Length": strconv.Itoa(recorder.Body.Len()),
		} {
			if got := header.Get(name); got != want {
				t.Errorf("%s: %s = %q, want %q", tt.name, name, got, want)
			}
		}
		got := recorder.Body.Bytes()
		if tt.encoding == "gzip" && tt.body != nil {
			reader, err := gzip.NewReader(bytes.NewReader(got))
			if err != nil {
				t.Fatalf("%s: gunzip: %v", tt.name, err)
			}
			if got, err = io.ReadAll(reader); err != nil {
				t.Fatalf("%s: gunzip: %v", tt.name, err)
			}
		}
		if recorder.Code != http.StatusOK || !bytes.Equal(got, tt.want) {
			t.Errorf("%s: status %d, %d bytes; want 200 and the %d bytes", tt.name, recorder.Code, len(got), len(tt.want))
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
