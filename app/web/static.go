package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"

	"statusdash/app/pagecache"
)

// assets are the static files, read once at start with their gzip copies.
// Their URLs carry a hash of all of them, so a new release gets new URLs and
// old ones may be cached forever.
type assets struct {
	hash  string
	files map[string]*pagecache.Page
}

var immutable = []string{"public, max-age=31536000, immutable"}

func loadAssets(fsys fs.FS) (*assets, error) {
	a := &assets{files: map[string]*pagecache.Page{}}
	sum := sha256.New()
	err := fs.WalkDir(fsys, ".", func(name string, entry fs.DirEntry, err error) error {
		if err != nil || entry.IsDir() || strings.HasSuffix(name, ".go") {
			return err
		}
		if strings.HasSuffix(name, ".js") {
			return fmt.Errorf("web: static file %s: no JavaScript allowed", name)
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		fmt.Fprintf(sum, "%s\x00%d\x00", name, len(body))
		sum.Write(body)
		contentType := mime.TypeByExtension(path.Ext(name))
		if contentType == "" {
			contentType = "application/octet-stream"
		}
		etag := pagecache.ETag(body)
		a.files[name] = &pagecache.Page{Body: body, Gzip: compress(body), ETag: etag, GzipETag: pagecache.GzipETag(etag), ContentType: contentType}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: load static files: %w", err)
	}
	a.hash = hex.EncodeToString(sum.Sum(nil))[:12]
	return a, nil
}

// url is the template function "asset".
func (a *assets) url(name string) string { return "/static/" + a.hash + "/" + name }

// compress gzips body; writing to a bytes.Buffer cannot fail.
func compress(body []byte) []byte {
	var buf bytes.Buffer
	writer := gzip.NewWriter(&buf)
	_, _ = writer.Write(body)
	_ = writer.Close()
	return buf.Bytes()
}

// showStatic serves a static file; with the current hash in its URL it may
// be cached for a year, otherwise (an old or made-up hash) it must be
// revalidated.
func (s *Server) showStatic(c echo.Context) error {
	name := c.Param("*")
	file, ok := s.assets.files[name]
	if !ok {
		return notFound("There is no file %q.", name)
	}
	cacheControl := revalidate
	if c.Param("hash") == s.assets.hash {
		cacheControl = immutable
	}
	return serveFile(c, file, cacheControl)
}

// serveFile answers a file kept in memory with its gzip variant when the
// client takes gzip and it is smaller (each variant has its own ETag), or
// 304 when the client's copy is current.
func serveFile(c echo.Context, file *pagecache.Page, cacheControl []string) error {
	header := c.Response().Header()
	header["Vary"] = varyEncoding
	header["Cache-Control"] = cacheControl
	body, etag := file.Body, file.ETag
	compressed := pagecache.AcceptsGzip(c.Request().Header.Get(echo.HeaderAcceptEncoding)) && len(file.Gzip) < len(file.Body)
	if compressed {
		body, etag = file.Gzip, file.GzipETag
	}
	header["Etag"] = []string{etag}
	if match := c.Request().Header.Get("If-None-Match"); match != "" && pagecache.MatchesETag(match, etag) {
		return c.NoContent(http.StatusNotModified)
	}
	if compressed {
		header["Content-Encoding"] = gzipEncoding
	}
	return c.Blob(http.StatusOK, file.ContentType, body)
}

// showFavicon answers /favicon.ico, which browsers and crawlers ask for
// whatever the page links, with the site's SVG icon (browsers read an
// image by its type, not its name), cacheable for a day.
func (s *Server) showFavicon(c echo.Context) error {
	file, ok := s.assets.files["favicon.svg"]
	if !ok {
		return notFound("There is no icon.")
	}
	header := c.Response().Header()
	header["Cache-Control"] = []string{"public, max-age=86400"}
	header["Etag"] = []string{file.ETag}
	if match := c.Request().Header.Get("If-None-Match"); match != "" && pagecache.MatchesETag(match, file.ETag) {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, file.ContentType, file.Body)
}
