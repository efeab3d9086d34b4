package web

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/pagecache"
	"statusdash/app/render"
)

const htmlContentType = "text/html; charset=utf-8"

// maxPageAge bounds how long a cached page is served without a write: pages
// also change with the clock (maintenance starting, "checked at").
const maxPageAge = time.Minute

// buildFunc reads a page's data and names its template. An *HTTPError is the
// reader's fault (400, 404); any other error means the data could not be read.
type buildFunc func(c echo.Context, req *pageRequest) (template string, data any, err error)

// Header values of cached pages.
var (
	varyEncoding = []string{echo.HeaderAcceptEncoding}
	gzipEncoding = []string{"gzip"}
	revalidate   = []string{"no-cache"}
	noStore      = []string{"no-store"}
)

// cachedPage serves a public page from the page cache: one data-version
// lookup, then the stored bytes. On a miss it builds, renders and stores
// the page. When the data cannot be read it serves the page's last good copy
// with an "as of" note, or the 500 page when there is none.
func (s *Server) cachedPage(c echo.Context, build buildFunc, params ...string) error {
	return s.cachedResponse(c, func(req *pageRequest) (*pagecache.Page, error) {
		return s.buildPage(c, req, build)
	}, params...)
}

// produceFunc makes a finished document for a request, on a cache miss.
type produceFunc func(req *pageRequest) (*pagecache.Page, error)

// cachedResponse is cachedPage for any finished document (pages, feeds).
// Concurrent misses of one page share one build. A page current for the
// data version but older than maxPageAge is rebuilt by one request while the
// others are answered with it; a page of an older data version is never served.
func (s *Server) cachedResponse(c echo.Context, produce produceFunc, params ...string) error {
	req, err := s.newPageRequest(c, params...)
	if err != nil {
		return err
	}
	version, versionErr := s.versions.DataVersion(c.Request().Context())
	var stale *pagecache.Page
	if versionErr == nil {
		if stored, storedVersion, ok := s.pages.Stored(req.key); ok && storedVersion >= version {
			if s.now().Sub(stored.BuiltAt) < maxPageAge {
				return writePage(c, stored)
			}
			stale = stored
		}
	}
	return s.producedResponse(c, req, version, versionErr, stale, produce)
}

// producedResponse answers what the cache could not: it builds the page (or
// joins a build) and stores it, or serves the last good copy when the data
// cannot be read. It takes req by value so that only a miss moves it to the
// heap, not every hit.
func (s *Server) producedResponse(c echo.Context, req pageRequest, version int64, versionErr error, stale *pagecache.Page, produce produceFunc) error {
	var page *pagecache.Page
	var err error
	if versionErr == nil {
		var shared bool
		page, shared, err = s.pages.Build(req.key, version, stale, func() (*pagecache.Page, error) { return produce(&req) })
		if shared && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
			// The request that ran the build went away; this one still wants the page.
			page, err = produce(&req)
		}
	} else {
		s.logger.Warn("data version unavailable; page not cached", "error", versionErr)
		page, err = produce(&req)
	}
	if err != nil {
		var httpErr *HTTPError
		if errors.As(err, &httpErr) {
			return err
		}
		if stale, ok := s.pages.LastGood(req.key); ok {
			s.logger.Warn("serving the last good page", "path", req.self(), "as_of", stale.BuiltAt, "error", err)
			return s.writeStale(c, &req, stale)
		}
		return err
	}
	return writePage(c, page)
}

// buildPage reads the data and renders it; nothing is written to the reader.
func (s *Server) buildPage(c echo.Context, req *pageRequest, build buildFunc) (*pagecache.Page, error) {
	builtAt := s.now().UTC()
	name, data, err := build(c, req)
	if err != nil {
		return nil, err
	}
	body, err := s.renderer.Bytes(name, data)
	if err != nil {
		return nil, err
	}
	return &pagecache.Page{Body: body, ContentType: htmlContentType, BuiltAt: builtAt}, nil
}

// writePage sets the headers of a cached page and leaves 304, gzip and HEAD
// to the page.
func writePage(c echo.Context, page *pagecache.Page) error {
	header := c.Response().Header()
	header["Content-Type"] = page.ContentTypeHeader()
	header["Vary"] = varyEncoding
	header["Cache-Control"] = revalidate
	return page.Write(c.Response(), c.Request())
}

// writeStale serves an old copy with the "as of" note rendered into its slot;
// rare, so it compresses on the fly and is never cached by the reader.
func (s *Server) writeStale(c echo.Context, req *pageRequest, page *pagecache.Page) error {
	body := page.Body
	if page.ContentType == htmlContentType {
		var note bytes.Buffer
		if err := s.renderer.Fragment(&note, "stale-note", render.StaleNote{AsOf: page.BuiltAt, Zone: req.zone}); err != nil {
			return err
		}
		body = bytes.Replace(page.Body, []byte(render.StaleSlot), note.Bytes(), 1)
	}
	header := c.Response().Header()
	header["Vary"] = varyEncoding
	header["Cache-Control"] = noStore
	if pagecache.AcceptsGzip(c.Request().Header.Get(echo.HeaderAcceptEncoding)) {
		header["Content-Encoding"] = gzipEncoding
		body = compress(body)
	}
	return c.Blob(http.StatusOK, page.ContentType, body)
}
