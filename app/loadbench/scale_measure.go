package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// scaleServing is what each fresh server of a scale run needs.
type scaleServing struct {
	binary, dir, dbURL, label string
	samples, cachedSamples    int
	timeout                   time.Duration // per request
	bumper                    *versionBumper
}

// endpointFigures is what the scale run measured of one endpoint, on a
// server of its own so that its peak memory is its own.
type endpointFigures struct {
	Endpoint scaleEndpoint
	Status   int // of the response whose sizes are given
	// FirstStatus is the first request's status when it differs.
	FirstStatus int
	// RawBytes and GzipBytes are the body's size; GzipComputed is true when
	// the server sent it uncompressed and the gzip size was computed here.
	RawBytes, GzipBytes int64
	GzipComputed        bool
	// First is the first request after the server started: uncached and cold.
	First            time.Duration
	Uncached, Cached []time.Duration
	PeakKB           int64
	Failure          string // why the samples stopped, if they did
}

// measureEndpoint starts a server, times the endpoint's first request, then
// samples uncached requests, each after a data version bump, then cached
// ones, and reads the server's peak memory. A slow or failing request ends
// the endpoint's samples and is reported, not returned as an error.
func measureEndpoint(ctx context.Context, serving scaleServing, index int, endpoint scaleEndpoint) (endpointFigures, error) {
	figures := endpointFigures{Endpoint: endpoint}
	server, baseURL, err := startServer(ctx, serving.binary, serving.dir, serving.dbURL, fmt.Sprintf("%s-%02d", serving.label, index))
	defer server.stop()
	if err != nil {
		return figures, err
	}
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	defer client.CloseIdleConnections()
	url := baseURL + endpoint.Path
	figures.Failure = sampleEndpoint(ctx, serving, client, url, &figures)
	if ctx.Err() != nil {
		return figures, ctx.Err()
	}
	// A server that died here (out of memory, say) is this endpoint's finding:
	// the next endpoint runs on a fresh server. Its log's tail stays in
	// the temporary directory with --keep.
	if err := server.exited(); err != nil {
		figures.Failure, _, _ = strings.Cut(err.Error(), "\n")
		return figures, nil
	}
	figures.PeakKB, err = server.peakMemoryKB()
	return figures, err
}

// sampleEndpoint fills in figures and returns why it stopped early, if it did.
func sampleEndpoint(ctx context.Context, serving scaleServing, client *http.Client, url string, figures *endpointFigures) string {
	first, err := timedGet(ctx, client, url, serving.timeout)
	if err != nil {
		return err.Error()
	}
	figures.First = first.Elapsed
	if figures.Status, figures.RawBytes, figures.GzipBytes, figures.GzipComputed, err = bodySizes(ctx, client, url, serving.timeout); err != nil {
		return err.Error()
	}
	if first.Status != figures.Status {
		figures.FirstStatus = first.Status
	}
	for i := 0; i < serving.samples && !enoughSamples(figures.Uncached); i++ {
		if err := serving.bumper.bump(ctx); err != nil {
			return err.Error()
		}
		got, err := timedGet(ctx, client, url, serving.timeout)
		if err != nil {
			return err.Error()
		}
		figures.Uncached = append(figures.Uncached, got.Elapsed)
	}
	for i := 0; i < serving.cachedSamples && !enoughSamples(figures.Cached); i++ {
		got, err := timedGet(ctx, client, url, serving.timeout)
		if err != nil {
			return err.Error()
		}
		figures.Cached = append(figures.Cached, got.Elapsed)
	}
	return ""
}

// Sampling a slow endpoint stops once it has minSamples samples and they
// took sampleBudget: 20 cached samples of a response that is never cached
// would take minutes and say nothing more.
const (
	minSamples   = 3
	sampleBudget = 20 * time.Second
)

// enoughSamples reports whether sampling may stop before its count.
func enoughSamples(samples []time.Duration) bool {
	var total time.Duration
	for _, d := range samples {
		total += d
	}
	return len(samples) >= minSamples && total >= sampleBudget
}

// readersFigures is a wrk run of concurrent readers of one endpoint.
type readersFigures struct {
	Endpoint scaleEndpoint
	Gzipped  bool
	Result   wrkResult
	PeakKB   int64
}

// measureReaders loads the endpoint with wrk on a server of its own, after
// one request that fills its cache, and reads the server's peak memory.
func measureReaders(ctx context.Context, serving scaleServing, label string, endpoint scaleEndpoint, load wrkOptions, gzipped bool) (readersFigures, error) {
	figures := readersFigures{Endpoint: endpoint, Gzipped: gzipped}
	server, baseURL, err := startServer(ctx, serving.binary, serving.dir, serving.dbURL, serving.label+"-"+label)
	defer server.stop()
	if err != nil {
		return figures, err
	}
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	defer client.CloseIdleConnections()
	if _, err := timedGet(ctx, client, baseURL+endpoint.Path, serving.timeout); err != nil {
		return figures, err
	}
	if figures.Result, err = runWrkAccepting(ctx, load, baseURL+endpoint.Path, gzipped); err != nil {
		return figures, err
	}
	if err := server.exited(); err != nil {
		return figures, err
	}
	figures.PeakKB, err = server.peakMemoryKB()
	return figures, err
}

// findTarget asks a server for the newest event, whose pages the run measures.
func findTarget(ctx context.Context, serving scaleServing, events int) (scaleTarget, error) {
	target := scaleTarget{ServiceSlug: "service-001", DeepPage: deepEventsPage(events)}
	server, baseURL, err := startServer(ctx, serving.binary, serving.dir, serving.dbURL, serving.label+"-target")
	defer server.stop()
	if err != nil {
		return target, err
	}
	ctx, cancel := context.WithTimeout(ctx, serving.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, baseURL+"/v2/events?limit=10", nil)
	if err != nil {
		return target, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return target, fmt.Errorf("find an event: %w", err)
	}
	defer resp.Body.Close()
	var list struct {
		Data []struct {
			ID uint `json:"id"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		return target, fmt.Errorf("find an event: GET /v2/events answered %d: %w", resp.StatusCode, err)
	}
	if len(list.Data) == 0 {
		return target, fmt.Errorf("find an event: GET /v2/events listed none")
	}
	target.EventID = list.Data[0].ID
	return target, nil
}
