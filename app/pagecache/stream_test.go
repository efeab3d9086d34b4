package pagecache

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

// streamedPage stores a page built by Stream from many small writes, as an
// encoder makes them, and returns it with its plain body.
func streamedPage(t *testing.T, pages *Pages) (*Page, []byte) {
	t.Helper()
	var plain bytes.Buffer
	built := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	page, err := pages.Stream("application/json; charset=utf-8", built, func(w io.Writer) error {
		for i := range 5000 {
			element := fmt.Appendf(nil, `{"id":%d,"text":"<a href='/incidents/%d'>x</a>"},`, i, i)
			plain.Write(element)
			if _, err := w.Write(element); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Stream: %v", err)
	}
	pages.Put("/api/v1/incidents", 1, page)
	return page, plain.Bytes()
}

func TestStreamKeepsOnlyTheCompressedBody(t *testing.T) {
	page, plain := streamedPage(t, New(1))
	if page.Body != nil || !page.CompressedOnly() {
		t.Errorf("Body of %d bytes, CompressedOnly %v; want only the gzip copy", len(page.Body), page.CompressedOnly())
	}
	if got := gunzip(t, page.Gzip); !bytes.Equal(got, plain) {
		t.Errorf("Gzip decompresses to %d bytes, want the %d written", len(got), len(plain))
	}
	if page.ETag != ETag(plain) || page.GzipETag != GzipETag(ETag(plain)) {
		t.Errorf("ETag %s, GzipETag %s; want %s as for the plain body", page.ETag, page.GzipETag, ETag(plain))
	}
	if page.PlainLength() != int64(len(plain)) || len(page.Gzip)*5 > len(plain) {
		t.Errorf("plain length %d of %d, gzip %d bytes", page.PlainLength(), len(plain), len(page.Gzip))
	}
}

func TestStreamReturnsTheWriteError(t *testing.T) {
	failed := errors.New("database down")
	page, err := New(1).Stream("application/json", time.Now(), func(w io.Writer) error {
		_, _ = w.Write([]byte("[{"))
		return failed
	})
	if page != nil || !errors.Is(err, failed) {
		t.Errorf("Stream = %v, %v; want no page and %v", page, err, failed)
	}
}

// TestWriteCompressedOnly: both variants, HEAD and 304 of a page kept only
// compressed answer as a page holding both copies does.
func TestWriteCompressedOnly(t *testing.T) {
	page, plain := streamedPage(t, New(1))
	plainLength, gzipLength := strconv.Itoa(len(plain)), strconv.Itoa(len(page.Gzip))
	tests := []struct {
		name             string
		method           string
		headers          map[string]string
		status           int
		encoding, length string
		body             []byte
	}{
		{"plain", http.MethodGet, nil, http.StatusOK, "", plainLength, plain},
		{"gzip", http.MethodGet, map[string]string{"Accept-Encoding": "gzip"}, http.StatusOK, "gzip", gzipLength, page.Gzip},
		{"head plain", http.MethodHead, nil, http.StatusOK, "", plainLength, nil},
		{"head gzip", http.MethodHead, map[string]string{"Accept-Encoding": "gzip"}, http.StatusOK, "gzip", gzipLength, nil},
		{"not modified", http.MethodGet, map[string]string{"If-None-Match": page.ETag}, http.StatusNotModified, "", "", nil},
		{"gzip not modified", http.MethodGet, map[string]string{"Accept-Encoding": "gzip", "If-None-Match": page.GzipETag}, http.StatusNotModified, "", "", nil},
	}
	for _, tt := range tests {
		request := httptest.NewRequest(tt.method, "/", nil)
		for k, v := range tt.headers {
			request.Header.Set(k, v)
		}
		recorder := httptest.NewRecorder()
		if err := page.Write(recorder, request); err != nil {
			t.Fatalf("%s: Write: %v", tt.name, err)
		}
		header := recorder.Header()
		if recorder.Code != tt.status {
			t.Errorf("%s: status %d, want %d", tt.name, recorder.Code, tt.status)
		}
		if got := header.Get("Content-Encoding"); got != tt.encoding {
			t.Errorf("%s: Content-Encoding %q, want %q", tt.name, got, tt.encoding)
		}
		if got := header.Get("Content-Length"); got != tt.length {
			t.Errorf("%s: Content-Length %q, want %q", tt.name, got, tt.length)
		}
		if got := recorder.Body.Bytes(); !bytes.Equal(got, tt.body) {
			t.Errorf("%s: body of %d bytes, want %d", tt.name, len(got), len(tt.body))
		}
	}
}

func TestWriteStaleCompressedOnly(t *testing.T) {
	pages := New(1)
	page, plain := streamedPage(t, pages)
	tests := []struct {
		name     string
		accept   string
		encoding string
		body     []byte
	}{
		{"plain", "", "", plain},
		{"gzip", "gzip", "gzip", page.Gzip},
	}
	for _, tt := range tests {
		request := httptest.NewRequest(http.MethodGet, "/", nil)
		if tt.accept != "" {
			request.Header.Set("Accept-Encoding", tt.accept)
		}
		recorder := httptest.NewRecorder()
		if err := pages.WriteStale(recorder, request, page, nil); err != nil {
			t.Fatalf("%s: WriteStale: %v", tt.name, err)
		}
		header := recorder.Header()
		if got := header.Get("Warning"); got != `110 - "Response is Stale"` {
			t.Errorf("%s: Warning %q", tt.name, got)
		}
		if got := header.Get("Content-Encoding"); got != tt.encoding {
			t.Errorf("%s: Content-Encoding %q, want %q", tt.name, got, tt.encoding)
		}
		if got := header.Get("Content-Length"); got != strconv.Itoa(len(tt.body)) {
			t.Errorf("%s: Content-Length %q, want %d", tt.name, got, len(tt.body))
		}
		if got := recorder.Body.Bytes(); !bytes.Equal(got, tt.body) {
			t.Errorf("%s: body of %d bytes, want %d", tt.name, len(got), len(tt.body))
		}
	}
}

func gunzip(t *testing.T, compressed []byte) []byte {
	t.Helper()
	reader, err := gzip.NewReader(bytes.NewReader(compressed))
	if err != nil {
		t.Fatalf("gzip: %v", err)
	}
	plain, err := io.ReadAll(reader)
	if err != nil {
		t.Fatalf("gzip: %v", err)
	}
	return plain
}
