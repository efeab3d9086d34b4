package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"statusdash/app/config"
	"statusdash/app/metrics"
	"statusdash/app/monitor/retention"
	"statusdash/app/store"
)

// defaultWorkerListen is where a worker serves /metrics and /healthz.
const defaultWorkerListen = "127.0.0.1:9464"

func runWorker(env *environment, args []string) int {
	fs := env.flags("worker", "worker --location NAME [--listen ADDRESS]")
	location := fs.String("location", "", "the location this worker runs checks for (required), e.g. fra")
	listen := fs.String("listen", defaultWorkerListen, "address of /metrics and /healthz; empty serves none")
	if code, done := env.parse(fs, args); done {
		return code
	}
	if fs.NArg() != 0 {
		return env.usageError("worker", "takes no arguments, got %q", fs.Args())
	}
	if problem := locationProblem(*location); problem != "" {
		return env.usageError("worker", "--location: %s", problem)
	}
	cfg, err := env.loadConfig()
	if err != nil {
		return env.fail("worker", err)
	}
	ctx, stop := signalContext()
	defer stop()
	logger := slog.New(slog.NewTextHandler(env.stderr, nil))
	if err := work(ctx, cfg, *location, *listen, logger); err != nil {
		return env.fail("worker", err)
	}
	return exitOK
}

// locationProblem says what is wrong with a location name, or nothing.
func locationProblem(location string) string {
	switch {
	case location == "":
		return "is required, e.g. --location fra"
	case len(location) > 64:
		return "must be at most 64 characters"
	case strings.ContainsFunc(location, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		return "must not contain spaces or control characters"
	}
	return ""
}

// work runs a monitoring worker until ctx ends, serving its figures on listen.
func work(ctx context.Context, cfg config.Config, location, listen string, logger *slog.Logger) error {
	s, err := openDatabase(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	// Before the monitoring writes: every event write inserts its notifications' job.
	dispatcher, _, err := newDispatcher(cfg, s, logger)
	if err != nil {
		return err
	}
	_, stopNotify, err := startNotify(ctx, cfg, s, dispatcher, logger)
	if err != nil {
		return err
	}
	defer stopNotify()
	registry := metrics.New()
	stopWorker, err := startMonitorWorker(ctx, cfg, s, location, registry, logger)
	if err != nil {
		return err
	}
	defer stopWorker()
	// Any process may do the roll-ups and retention: one at a time holds their lease.
	stopRetention := retention.Start(ctx, s, logger, store.RetentionPolicy{Raw: cfg.MonitorRawRetention}, retention.DefaultInterval)
	defer stopRetention()
	if listen == "" {
		<-ctx.Done()
		return nil
	}
	listener, err := net.Listen("tcp", listen)
	if err != nil {
		return fmt.Errorf("--listen: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", registry.Handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	httpServer := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 120 * time.Second}
	logger.Info("statusdash worker serving its metrics", "listen", listener.Addr().String(), "database", string(s.Dialect()))
	errs := make(chan error, 1)
	go func() { errs <- httpServer.Serve(listener) }()
	select {
	case err := <-errs:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := httpServer.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}
