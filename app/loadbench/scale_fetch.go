package main

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"time"
)

// timedResponse is one GET as the scale run saw it: the body is counted as
// it streams, never held, since a v1 list can be tens of megabytes.
type timedResponse struct {
	Status int
	// Elapsed runs from sending the request to reading the last byte.
	Elapsed   time.Duration
	WireBytes int64 // the bytes sent
}

// countingWriter counts what passes through it.
type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}

// timedGet GETs url on client with Accept-Encoding: gzip, reads the body to
// its end and counts it; a response slower than timeout is an error.
func timedGet(ctx context.Context, client *http.Client, url string, timeout time.Duration) (timedResponse, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return timedResponse{}, err
	}
	req.Header.Set("Accept-Encoding", "gzip")
	started := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return timedResponse{}, fmt.Errorf("GET %s: %w", url, err)
	}
	defer resp.Body.Close()
	wire := &countingWriter{}
	if _, err := io.Copy(wire, resp.Body); err != nil {
		return timedResponse{}, fmt.Errorf("GET %s: %w", url, err)
	}
	return timedResponse{Status: resp.StatusCode, Elapsed: time.Since(started), WireBytes: wire.n}, nil
}

// bodySizes GETs url once more, untimed, and returns its status and the
// body's size uncompressed and gzip-compressed: as sent when the server
// compressed it, else compressed here at gzip's default level (computed is
// then true).
func bodySizes(ctx context.Context, client *http.Client, url string, timeout time.Duration) (status int, raw, gzipped int64, computed bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, 0, 0, false, err
	}
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := client.Do(req)
	if err != nil {
		return 0, 0, 0, false, fmt.Errorf("GET %s: %w", url, err)
	}
	defer resp.Body.Close()
	wire, plain := &countingWriter{}, &countingWriter{}
	if resp.Header.Get("Content-Encoding") == "gzip" {
		unzipped, err := gzip.NewReader(io.TeeReader(resp.Body, wire))
		if err != nil {
			return 0, 0, 0, false, fmt.Errorf("GET %s: gunzip: %w", url, err)
		}
		if _, err := io.Copy(plain, unzipped); err != nil {
			return 0, 0, 0, false, fmt.Errorf("GET %s: gunzip: %w", url, err)
		}
		return resp.StatusCode, plain.n, wire.n, false, nil
	}
	zipper := gzip.NewWriter(wire)
	if _, err := io.Copy(io.MultiWriter(plain, zipper), resp.Body); err != nil {
		return 0, 0, 0, false, fmt.Errorf("GET %s: %w", url, err)
	}
	if err := zipper.Close(); err != nil {
		return 0, 0, 0, false, err
	}
	return resp.StatusCode, plain.n, wire.n, true, nil
}
