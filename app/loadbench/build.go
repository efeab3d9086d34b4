package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime/pprof"
	"sync/atomic"
	"time"

	"statusdash/app/cache"
	"statusdash/app/config"
	"statusdash/app/store"
	"statusdash/app/web"
)

// everWrittenVersion is a data version that moves on at every read, as if a
// write had landed just before each request: no cached page is ever current.
type everWrittenVersion struct{ version atomic.Int64 }

func (v *everWrittenVersion) DataVersion(context.Context) (int64, error) {
	return v.version.Add(1), nil
}

// measureBuilds times n uncached overview builds in this process: the real
// handler of the web package, on the benchmark's database, asked for
// GET / with Accept-Encoding: gzip, with a data version that changes before
// every request so each one reads the database, renders and compresses. It
// runs before the server starts, so nothing else competes for the CPU. With
// a profile path, the builds run under the CPU profiler.
func measureBuilds(ctx context.Context, dbURL string, n int, profile string) ([]time.Duration, string, error) {
	s, err := store.Open(ctx, dbURL)
	if err != nil {
		return nil, "", err
	}
	defer s.Close()
	cfg := config.Defaults()
	cfg.DatabaseURL = dbURL
	cfg.SecretKey = benchSecret
	server, err := web.New(web.Deps{
		Config:   cfg,
		Store:    s,
		Versions: &everWrittenVersion{},
		Cache:    cache.NewMemory(),
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now:      time.Now,
	})
	if err != nil {
		return nil, "", fmt.Errorf("web.New: %w", err)
	}
	handler := server.Handler()
	if profile != "" {
		stop, err := startCPUProfile(profile)
		if err != nil {
			return nil, "", err
		}
		defer stop()
	}
	durations := make([]time.Duration, 0, n)
	for range n {
		req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		rec := httptest.NewRecorder()
		started := time.Now()
		handler.ServeHTTP(rec, req)
		elapsed := time.Since(started)
		if rec.Code != http.StatusOK {
			return nil, "", fmt.Errorf("GET / answered %d", rec.Code)
		}
		durations = append(durations, elapsed)
	}
	reads := make([]time.Duration, 0, n)
	for range n {
		started := time.Now()
		if _, err := s.ReadOverview(ctx, time.Now()); err != nil {
			return nil, "", fmt.Errorf("read overview: %w", err)
		}
		reads = append(reads, time.Since(started))
	}
	note := fmt.Sprintf("in-process web handler, GET / with gzip, data version bumped before each request, SQLite;\n"+
		"  of which store.ReadOverview alone: p50 %s over %d reads (the rest is rendering and gzip)", ms(percentile(reads, 50)), n)
	return durations, note, nil
}

// startCPUProfile profiles this process into path until the returned stop.
func startCPUProfile(path string) (stop func(), err error) {
	file, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(file); err != nil {
		file.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		file.Close()
	}, nil
}
