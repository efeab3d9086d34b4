package worker

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"statusdash/app/monitor/probe"
)

// Defaults of Options.
const (
	DefaultConcurrency   = 256
	DefaultPerHost       = 8
	DefaultClaimBatch    = 500
	DefaultPollInterval  = 200 * time.Millisecond
	DefaultLeaseMargin   = 5 * time.Second
	DefaultFlushInterval = 250 * time.Millisecond
	DefaultFlushSize     = 500
	DefaultStoreTimeout  = 5 * time.Second
	DefaultSyncInterval  = time.Minute
	// DefaultMaxBacklog bounds the results kept while the database refuses
	// them; older ones are dropped (and counted) beyond it.
	DefaultMaxBacklog = 50_000
)

// Prober runs one check; probe.Prober is one.
type Prober interface {
	Run(ctx context.Context, def probe.Definition) probe.Result
}

// Options configure a Worker; only Location is required.
type Options struct {
	// Location names where the worker runs ("fra", "local"); it claims the
	// slots of checks that list it and of those that list none.
	Location string
	// Owner names the worker in its leases; empty means host, process id
	// and a random suffix.
	Owner string
	// Concurrency bounds the runs in progress; PerHost bounds those against
	// one target host, so that a slow host cannot take every run slot.
	Concurrency, PerHost int
	// ClaimBatch bounds the slots claimed in one statement.
	ClaimBatch int
	// PollInterval is the time between claims while nothing more is due.
	PollInterval time.Duration
	// LeaseMargin is added to a check's timeout for its lease.
	LeaseMargin time.Duration
	// Results are written every FlushInterval or FlushSize results.
	FlushInterval time.Duration
	FlushSize     int
	MaxBacklog    int
	// StoreTimeout bounds each store and Decider call.
	StoreTimeout time.Duration
	// SyncInterval is the time between SyncCheckSchedule passes.
	SyncInterval time.Duration
	// Now is the worker's clock for the schedule (claims, slots, lag,
	// heartbeats); tests run a faster one to pass over the 10 s minimum
	// interval. Nil means time.Now.
	Now func() time.Time
	// Prober runs checks; nil means probe.Prober{}.
	Prober  Prober
	Decider Decider
	Metrics *Metrics
	Logger  *slog.Logger
}

// withDefaults fills every empty option; a missing location is an error.
func (o Options) withDefaults() (Options, error) {
	if o.Location == "" {
		return o, errors.New("worker: a location is required")
	}
	if o.Owner == "" {
		owner, err := defaultOwner()
		if err != nil {
			return o, err
		}
		o.Owner = owner
	}
	positive := func(value *int, def int) {
		if *value <= 0 {
			*value = def
		}
	}
	positive(&o.Concurrency, DefaultConcurrency)
	positive(&o.PerHost, DefaultPerHost)
	positive(&o.ClaimBatch, DefaultClaimBatch)
	positive(&o.FlushSize, DefaultFlushSize)
	positive(&o.MaxBacklog, DefaultMaxBacklog)
	duration := func(value *time.Duration, def time.Duration) {
		if *value <= 0 {
			*value = def
		}
	}
	duration(&o.PollInterval, DefaultPollInterval)
	duration(&o.LeaseMargin, DefaultLeaseMargin)
	duration(&o.FlushInterval, DefaultFlushInterval)
	duration(&o.StoreTimeout, DefaultStoreTimeout)
	duration(&o.SyncInterval, DefaultSyncInterval)
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Prober == nil {
		o.Prober = probe.Prober{}
	}
	if o.Metrics == nil {
		o.Metrics = NewMetrics(o.Location)
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o, nil
}

// defaultOwner is host:pid:random, unique per process start.
func defaultOwner() (string, error) {
	host, err := os.Hostname()
	if err != nil {
		host = "unknown"
	}
	suffix := make([]byte, 4)
	if _, err := rand.Read(suffix); err != nil {
		return "", fmt.Errorf("worker: random owner id: %w", err)
	}
	return fmt.Sprintf("%s:%d:%s", host, os.Getpid(), hex.EncodeToString(suffix)), nil
}
