package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"

	"statusdash/app/auth"
	"statusdash/app/cache"
	"statusdash/app/config"
	"statusdash/app/monitor/retention"
	"statusdash/app/notify"
	"statusdash/app/store"
	"statusdash/app/web"
)

func runServe(env *environment, args []string) int {
	fs := env.flags("serve", "serve")
	if code, done := env.parse(fs, args); done {
		return code
	}
	if fs.NArg() != 0 {
		return env.usageError("serve", "takes no arguments, got %q", fs.Args())
	}
	cfg, err := env.loadConfig()
	if err != nil {
		return env.fail("serve", err)
	}
	if err := config.EnsureSecretKey(&cfg); err != nil {
		return env.fail("serve", err)
	}
	tuneGC(env.getenv)
	ctx, stop := signalContext()
	defer stop()
	logger := slog.New(slog.NewTextHandler(env.stderr, nil))
	if err := serve(ctx, cfg, logger); err != nil {
		return env.fail("serve", err)
	}
	return exitOK
}

// backends are the long-lived connections serve builds and closes.
type backends struct {
	store *store.Storage
	cache cache.Cache
}

func (b *backends) Close() {
	if b.cache != nil {
		_ = b.cache.Close()
	}
	if b.store != nil {
		_ = b.store.Close()
	}
}

// openBackends opens the database (migrating it when allowed) and the cache:
// Redis when configured, so that every process shares sessions and rate
// limits. The data version is always the database's: every write bumps it
// in its own transaction, so no Redis restart, failover or lost message can
// make a reader's version go back.
// A Redis that does not answer at start is logged, not fatal: the public
// pages and the API need only the database, and a process restarted during
// a Redis outage must keep serving them.
func openBackends(ctx context.Context, cfg config.Config, logger *slog.Logger) (*backends, error) {
	s, err := openDatabase(ctx, cfg)
	if err != nil {
		return nil, err
	}
	b := &backends{store: s}
	if cfg.RedisURL == "" {
		b.cache = cache.NewMemory()
		return b, nil
	}
	redis, err := cache.OpenRedis(cfg.RedisURL, cfg.RedisPrefix)
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("SDB_REDIS_URL: %w", err)
	}
	if err := redis.Ping(ctx); err != nil {
		logger.Warn("Redis does not answer; sign-in, sessions and rate limits wait for it, public pages and the API do not", "error", err)
	}
	b.cache = redis
	return b, nil
}

// openDatabase opens the database and migrates it when allowed; the
// commands that only write (bootstrap, token) need nothing else, not even Redis.
func openDatabase(ctx context.Context, cfg config.Config) (*store.Storage, error) {
	s, err := openStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := ensureMigrated(ctx, cfg, s); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

func ensureMigrated(ctx context.Context, cfg config.Config, s *store.Storage) error {
	if cfg.AutoMigrate {
		if _, err := s.MigrateUp(ctx); err != nil {
			return err
		}
		_, err := notify.MigrateUp(ctx, s)
		return err
	}
	pending, err := s.HasPendingMigrations(ctx)
	if err != nil {
		return err
	}
	if !pending {
		pending, err = notify.HasPendingMigrations(ctx, s)
		if err != nil {
			return err
		}
	}
	if pending {
		return errors.New("the database has pending migrations and SDB_AUTO_MIGRATE is false: run 'statusdash migrate up' first")
	}
	return nil
}

// newServer builds the web server on the backends, as serve runs it;
// confirmations, when not nil, turns subscriptions on, and deliveries
// serves /admin/deliveries.
func newServer(cfg config.Config, b *backends, confirmations web.ConfirmationSender, deliveries web.DeliveryAdmin,
	logger *slog.Logger) (*web.Server, error) {
	deps := web.Deps{
		Config:        cfg,
		Store:         b.store,
		Cache:         b.cache,
		Logger:        logger,
		Now:           time.Now,
		Confirmations: confirmations,
		Deliveries:    deliveries,
	}
	// Sessions live in the cache: in Redis when configured, so every process
	// shares them. Without OpenID Connect settings the sign-in pages say how
	// to configure it.
	signIn, err := auth.New(cfg, b.cache, logger)
	if err != nil {
		return nil, err
	}
	deps.Auth = signIn
	return web.New(deps)
}

func serve(ctx context.Context, cfg config.Config, logger *slog.Logger) error {
	b, err := openBackends(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer b.Close()
	dispatcher, subscriptions, err := newDispatcher(cfg, b.store, logger)
	if err != nil {
		return err
	}
	var confirmations web.ConfirmationSender
	if subscriptions {
		confirmations = dispatcher
	}
	// Before any write: every event write inserts its notifications' job.
	notifier, stopNotify, err := startNotify(ctx, cfg, b.store, dispatcher, logger)
	if err != nil {
		return err
	}
	defer stopNotify()
	server, err := newServer(cfg, b, confirmations, notifier, logger)
	if err != nil {
		return err
	}
	stopRetention := retention.Start(ctx, b.store, logger, store.RetentionPolicy{Raw: cfg.MonitorRawRetention}, retention.DefaultInterval)
	defer stopRetention()
	stopJob := server.StartMaintenanceJob(ctx, web.DefaultMaintenanceInterval)
	defer stopJob()
	stopAvailability := server.StartAvailabilityJob(ctx, web.DefaultAvailabilityInterval)
	defer stopAvailability()
	if cfg.MonitorWorker {
		stopWorker, err := startMonitorWorker(ctx, cfg, b.store, serveLocation, server.Metrics(), logger)
		if err != nil {
			return err
		}
		defer stopWorker()
	}
	listener, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("SDB_LISTEN: %w", err)
	}
	httpServer := server.HTTPServer()
	logger.Info("statusdash serving", "url", cfg.BaseURL, "listen", listener.Addr().String(), "database", string(b.store.Dialect()), "redis", cfg.RedisURL != "")
	errs := make(chan error, 1)
	go func() { errs <- httpServer.Serve(web.BufferedListener(listener)) }()
	select {
	case err := <-errs:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := httpServer.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}
