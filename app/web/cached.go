package web

import (
	"bytes"
	"errors"
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/pagecache"
	"statusdash/app/render"
	"statusdash/app/store"
)

const htmlContentType = "text/html; charset=utf-8"

// maxPageAge bounds how long a cached page is served without a write: pages
// also change with the clock (maintenance starting, "checked at").
const maxPageAge = time.Minute

// buildFunc reads a page's data and names its template. An *HTTPError is the
// reader's fault (400, 404); any other error means the data could not be read.
type buildFunc func(c echo.Context, req *pageRequest) (template string, data any, err error)

// Header values of cached pages. A page differs by the reader's language
// (Accept-Language or the lang cookie) and time zone (the tz cookie).
var (
	varyEncoding = []string{echo.HeaderAcceptEncoding}
	varyPage     = []string{"Accept-Encoding, Accept-Language, Cookie"}
	gzipEncoding = []string{"gzip"}
	revalidate   = []string{"no-cache"}
)

// cachedPage serves a public page from the page cache: one data-version
// lookup, then the stored bytes. On a miss it builds, renders and stores
// the page. When the data cannot be read it serves the page's last good copy
// with an "as of" note, or the 503 page when there is none.
func (s *Server) cachedPage(c echo.Context, build buildFunc, params ...string) error {
	return s.cachedResponse(c, func(req *pageRequest) (*pagecache.Page, error) {
		return s.buildPage(c, req, build)
	}, params...)
}

// produceFunc makes a finished document for a request, on a cache miss.
type produceFunc func(req *pageRequest) (*pagecache.Page, error)

// cachedResponse is cachedPage for any finished document (pages, feeds),
// through pagecache's Lookup and Produce. A page current for the data
// version but older than maxPageAge is rebuilt by one request while the
// others are answered with it; a page of an older data version is served
// only as the last good copy, marked stale, while the data cannot be read.
func (s *Server) cachedResponse(c echo.Context, produce produceFunc, params ...string) error {
	req, err := s.newPageRequest(c, params...)
	if err != nil {
		return err
	}
	version, versionErr := s.versions.DataVersion(c.Request().Context())
	var current *pagecache.Page
	if versionErr == nil {
		page, fresh := s.pages.Lookup(req.key, version, s.now().Add(-maxPageAge))
		if fresh {
			return writePage(c, page)
		}
		current = page
	}
	return s.producedResponse(c, req, pagecache.Miss{Key: req.key, Version: version, VersionErr: versionErr,
		Current: current, Unavailable: unavailable}, produce)
}

// unavailable tells the errors that say the database cannot be read now.
func unavailable(err error) bool { return errors.Is(err, store.ErrUnavailable) }

// producedResponse answers what the cache could not: the page built (or
// joined to a build) and stored, or the last good copy while the data
// cannot be read. It takes req by value so that only a miss moves it to the
// heap, not every hit.
func (s *Server) producedResponse(c echo.Context, req pageRequest, miss pagecache.Miss, produce produceFunc) error {
	if miss.VersionErr != nil && !unavailable(miss.VersionErr) {
		s.logger.Warn("data version unavailable; page not cached", "error", miss.VersionErr)
	}
	// One deadline for the build's database reads.
	ctx, cancel := s.store.ReadDeadline(c.Request().Context())
	defer cancel()
	c.SetRequest(c.Request().WithContext(ctx))
	page, stale, err := s.pages.Produce(miss, func() (*pagecache.Page, error) { return produce(&req) })
	switch {
	case err != nil:
		return err
	case stale:
		s.logger.Warn("serving the last good page", "path", req.self(), "as_of", page.BuiltAt)
		return s.writeStale(c, &req, page)
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
	header["Vary"] = varyPage
	header["Cache-Control"] = revalidate
	return page.Write(c.Response(), c.Request())
}

// writeStale serves the last good copy, marked stale (pagecache's
// WriteStale): an HTML page with the "as of" note rendered into its slot,
// a feed as it was.
func (s *Server) writeStale(c echo.Context, req *pageRequest, page *pagecache.Page) error {
	var body []byte
	if page.ContentType == htmlContentType {
		var note bytes.Buffer
		if err := s.renderer.Fragment(&note, "stale-note", render.StaleNote{AsOf: page.BuiltAt, Zone: req.zone, Lang: req.lang.Tag}); err != nil {
			return err
		}
		body = bytes.Replace(page.Body, []byte(render.StaleSlot), note.Bytes(), 1)
	}
	return s.pages.WriteStale(c.Response(), c.Request(), page, body)
}
