package pagecache

import (
	"net/http"
	"strings"
	"time"
)

// NotModified reports whether the request's copy is current: If-None-Match
// names the page's ETag, or, without it, If-Modified-Since is not before the
// page was built.
func (p *Page) NotModified(request *http.Request) bool {
	if match := headerValue(request.Header, "If-None-Match"); match != "" {
		for tag := range strings.SplitSeq(match, ",") {
			tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
			if tag == "*" || tag == p.ETag {
				return true
			}
		}
		return false
	}
	if since := headerValue(request.Header, "If-Modified-Since"); since != "" {
		t, err := http.ParseTime(since)
		return err == nil && !p.BuiltAt.Truncate(time.Second).After(t)
	}
	return false
}

// headerValue is header.Get(key) for a key already in canonical form, as
// net/http stores request headers: Get canonicalises the key anew on each
// call, three times on every cached page.
func headerValue(header http.Header, key string) string {
	if values := header[key]; len(values) > 0 {
		return values[0]
	}
	return ""
}

// AcceptsGzip reads an Accept-Encoding value just enough: gzip (or *) listed
// and not refused with q=0.
func AcceptsGzip(accept string) bool {
	for accept != "" {
		var part string
		part, accept, _ = strings.Cut(accept, ",")
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.TrimSpace(name)
		if !strings.EqualFold(name, "gzip") && name != "*" {
			continue
		}
		params = strings.ReplaceAll(params, " ", "")
		return params != "q=0" && params != "q=0.0" && params != "q=0.00" && params != "q=0.000"
	}
	return false
}

// gzipEncoding is the Content-Encoding value of a compressed body, shared so
// a hit allocates none.
var gzipEncoding = []string{"gzip"}

// Write answers request with the page once the caller has set Content-Type,
// Vary and Cache-Control: 304 when the reader's copy is current, else the
// pre-compressed bytes when gzip is accepted, with no body for HEAD.
func (p *Page) Write(w http.ResponseWriter, request *http.Request) error {
	header := w.Header()
	header["Etag"] = p.ETagHeader()
	header["Last-Modified"] = p.LastModifiedHeader()
	if p.NotModified(request) {
		delete(header, "Content-Type")
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	body := p.Body
	if AcceptsGzip(headerValue(request.Header, "Accept-Encoding")) && len(p.Gzip) > 0 {
		header["Content-Encoding"] = gzipEncoding
		body = p.Gzip
	}
	header["Content-Length"] = p.LengthHeader(body)
	w.WriteHeader(http.StatusOK)
	if request.Method == http.MethodHead {
		return nil
	}
	_, err := w.Write(body)
	return err
}
