package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"time"
)

// page is one response as a client received it.
type page struct {
	Status   int
	Encoding string // Content-Encoding
	Header   http.Header
	Body     []byte // the bytes on the wire
}

// fetch GETs url, asking for gzip when gzipped is true, and returns the body
// exactly as sent: the transport's transparent decompression is off.
func fetch(ctx context.Context, url string, gzipped bool) (page, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return page{}, err
	}
	if gzipped {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	resp, err := client.Do(req)
	if err != nil {
		return page{}, fmt.Errorf("GET %s: %w", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return page{}, fmt.Errorf("GET %s: %w", url, err)
	}
	return page{Status: resp.StatusCode, Encoding: resp.Header.Get("Content-Encoding"), Header: resp.Header, Body: body}, nil
}

// plainAndGzipped returns the uncompressed body and a gzip form of it: the
// bytes as sent when the server compressed them, else compressed here.
func (p page) plainAndGzipped() (plain, gzipped []byte, serverCompressed bool, err error) {
	if p.Encoding == "gzip" {
		r, err := gzip.NewReader(bytes.NewReader(p.Body))
		if err != nil {
			return nil, nil, false, fmt.Errorf("gunzip: %w", err)
		}
		plain, err := io.ReadAll(r)
		if err != nil {
			return nil, nil, false, fmt.Errorf("gunzip: %w", err)
		}
		return plain, p.Body, true, nil
	}
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := w.Write(p.Body); err != nil {
		return nil, nil, false, err
	}
	if err := w.Close(); err != nil {
		return nil, nil, false, err
	}
	return p.Body, buf.Bytes(), false, nil
}

var stylesheetLink = regexp.MustCompile(`<link[^>]+rel="?stylesheet"?[^>]*>`)
var hrefAttribute = regexp.MustCompile(`href="([^"]+)"`)

// stylesheets lists the href of every stylesheet link in html.
func stylesheets(html []byte) []string {
	var hrefs []string
	for _, link := range stylesheetLink.FindAll(html, -1) {
		if m := hrefAttribute.FindSubmatch(link); m != nil {
			hrefs = append(hrefs, string(m[1]))
		}
	}
	return hrefs
}
