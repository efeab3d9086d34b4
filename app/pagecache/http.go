package pagecache

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// NotModified reports whether the request's copy of the variant tagged
// etag (ETag or GzipETag) is current: If-None-Match names etag, or, without
// it, If-Modified-Since is not before the page was built.
func (p *Page) NotModified(request *http.Request, etag string) bool {
	if match := headerValue(request.Header, "If-None-Match"); match != "" {
		return MatchesETag(match, etag)
	}
	if since := headerValue(request.Header, "If-Modified-Since"); since != "" {
		t, err := http.ParseTime(since)
		return err == nil && !p.BuiltAt.Truncate(time.Second).After(t)
	}
	return false
}

// MatchesETag reports whether an If-None-Match value names etag, or is *,
// comparing weakly (W/ ignored) as RFC 9110 asks of If-None-Match.
func MatchesETag(ifNoneMatch, etag string) bool {
	for tag := range strings.SplitSeq(ifNoneMatch, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == "*" || tag == etag {
			return true
		}
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
// Vary and Cache-Control: the pre-compressed bytes when gzip is accepted,
// else the plain ones, each with its own ETag; 304 when the reader's copy
// of that variant is current; no body for HEAD.
func (p *Page) Write(w http.ResponseWriter, request *http.Request) error {
	header := w.Header()
	compressed := AcceptsGzip(headerValue(request.Header, "Accept-Encoding")) && len(p.Gzip) > 0
	etag := p.ETagHeader()
	if compressed {
		etag = p.GzipETagHeader()
	}
	header["Etag"] = etag
	header["Last-Modified"] = p.LastModifiedHeader()
	if p.NotModified(request, etag[0]) {
		delete(header, "Content-Type")
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	if compressed {
		header["Content-Encoding"] = gzipEncoding
	}
	header["Content-Length"] = p.LengthHeader(compressed)
	return p.writeBody(w, request, compressed)
}

// Header values of a stale answer, shared so that no answer allocates them.
var (
	staleWarning = []string{`110 - "Response is Stale"`}
	noStore      = []string{"no-store"}
	varyEncoding = []string{"Accept-Encoding"}
)

// WriteStale answers request with key's page as the last good copy, served
// because the data cannot be read: body (the page's own when nil; the HTML
// pages insert their "as of" note) with Warning: 110 - "Response is Stale"
// and Cache-Control: no-store, so no cache keeps it, and Last-Modified
// saying when its data was read. It has no ETag: it is no version of the
// page a reader may revalidate. A body of the page's own is sent
// pre-compressed, another is compressed now (a rare answer).
func (p *Pages) WriteStale(w http.ResponseWriter, request *http.Request, page *Page, body []byte) error {
	header := w.Header()
	header["Content-Type"] = page.ContentTypeHeader()
	header["Vary"] = varyEncoding
	header["Cache-Control"] = noStore
	header["Warning"] = staleWarning
	header["Last-Modified"] = page.LastModifiedHeader()
	delete(header, "Etag")
	own := body == nil
	if own {
		// The page's own body, pre-compressed or kept only compressed.
		compressed := AcceptsGzip(headerValue(request.Header, "Accept-Encoding")) && len(page.Gzip) > 0
		if compressed {
			header["Content-Encoding"] = gzipEncoding
		}
		header["Content-Length"] = page.LengthHeader(compressed)
		return page.writeBody(w, request, compressed)
	}
	if AcceptsGzip(headerValue(request.Header, "Accept-Encoding")) {
		header["Content-Encoding"] = gzipEncoding
		body = p.gzip.compress(body)
	}
	header["Content-Length"] = []string{strconv.Itoa(len(body))}
	w.WriteHeader(http.StatusOK)
	if request.Method == http.MethodHead {
		return nil
	}
	_, err := w.Write(body)
	return err
}
