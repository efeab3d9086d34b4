package main

import (
	"bytes"
	"context"
	"net/http"
	"testing"
)

// TestBareServerServesTheBytesWithTheHeaders: the bare server answers what
// the overview answered, with its own Date and Content-Length.
func TestBareServerServesTheBytesWithTheHeaders(t *testing.T) {
	_, gzipped, _, err := page{Body: bytes.Repeat([]byte("<p>statusdash</p>\n"), 100)}.plainAndGzipped()
	if err != nil {
		t.Fatal(err)
	}
	header := http.Header{
		"Content-Type":     {"text/html; charset=utf-8"},
		"Etag":             {`"abc"`},
		"Date":             {"Mon, 01 Jan 2001 00:00:00 GMT"},
		"Content-Encoding": {"gzip"},
		"Content-Length":   {"1"},
	}
	addr, err := freeLoopbackAddr()
	if err != nil {
		t.Fatal(err)
	}
	bare, err := startBareServer(addr, gzipped, header)
	if err != nil {
		t.Fatal(err)
	}
	got, err := fetch(context.Background(), "http://"+addr+"/", true)
	if stopErr := bare.stop(); stopErr != nil {
		t.Errorf("stop: %v", stopErr)
	}
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Body, gzipped) {
		t.Errorf("body: %d bytes, want the %d gzip bytes", len(got.Body), len(gzipped))
	}
	for name, want := range map[string]string{"Content-Type": "text/html; charset=utf-8", "Etag": `"abc"`, "Content-Encoding": "gzip"} {
		if got := got.Header.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if date := got.Header.Get("Date"); date == header.Get("Date") {
		t.Errorf("Date = %q: the overview's, want the bare server's own", date)
	}
}
