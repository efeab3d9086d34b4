package cli

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"statusdash/app/config"
	"statusdash/app/metrics"
	"statusdash/app/monitor/decide"
	"statusdash/app/monitor/worker"
	"statusdash/app/store"
)

// serveLocation is the location of the worker inside serve.
const serveLocation = "local"

// startMonitorWorker runs a monitoring worker at location on the store
// until ctx ends, its figures in registry, its written results counted
// into rounds that open and resolve incidents (monitor/decide). stop waits
// for the runs in progress and writes their results; it may be called more
// than once.
func startMonitorWorker(ctx context.Context, cfg config.Config, s *store.Storage, location string,
	registry *metrics.Metrics, logger *slog.Logger) (stop func(), err error) {
	w, err := worker.New(s, worker.Options{
		Location:    location,
		Decider:     decide.New(decide.Deps{Store: s, Logger: logger.With("decider", location)}),
		Concurrency: cfg.MonitorConcurrency,
		PerHost:     cfg.MonitorPerHost,
		Logger:      logger.With("worker", location),
	})
	if err != nil {
		return nil, err
	}
	if err := registry.Register(w.Metrics().Collectors()...); err != nil {
		return nil, fmt.Errorf("worker metrics: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := w.Run(ctx); err != nil {
			logger.Error("monitoring worker stopped", "location", location, "error", err)
		}
	}()
	logger.Info("monitoring worker running", "location", location, "owner", w.Owner(),
		"concurrency", cfg.MonitorConcurrency, "per_host", cfg.MonitorPerHost)
	var once sync.Once
	return func() {
		once.Do(func() {
			cancel()
			<-done
		})
	}, nil
}
