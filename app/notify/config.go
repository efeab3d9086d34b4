package notify

import (
	"log/slog"
	"time"

	"statusdash/app/store"
)

// Defaults of Config.
const (
	DefaultMaxAttempts     = 8
	DefaultReminderLead    = 24 * time.Hour
	DefaultDeliveryWorkers = 100
	DefaultFanOutWorkers   = 2
	DefaultSendTimeout     = 30 * time.Second
	// DefaultFetchCooldown is the least time between two fetches of one
	// queue's jobs. River's default, 100 ms, caps a queue at its worker
	// count ten times a second: 1,000 deliveries a second for 100 workers
	// at best, fewer as the workers finish unevenly.
	DefaultFetchCooldown = 20 * time.Millisecond
	// Failed deliveries stay this long for the admin pages; sent ones
	// (which also keep a second fan-out from sending again) a week.
	failedRetention = 30 * 24 * time.Hour
	sentRetention   = 7 * 24 * time.Hour
	// DefaultRescueAfter is when a job left running by a process that died
	// runs again elsewhere (River's default is an hour).
	DefaultRescueAfter = 5 * time.Minute
	// fanOutTimeout bounds one fan-out: the subscribers' read and the
	// deliveries' inserts.
	fanOutTimeout = 2 * time.Minute
)

// Config tunes the queues; the zero value takes every default.
type Config struct {
	// MaxAttempts a delivery gets before it is kept as failed.
	MaxAttempts int
	// ReminderLead is how long before a maintenance window its reminder
	// goes out; negative: no reminders.
	ReminderLead time.Duration
	// DeliveryWorkers and FanOutWorkers are the jobs one process works at once.
	DeliveryWorkers int
	FanOutWorkers   int
	// SendTimeout bounds one attempt of one delivery.
	SendTimeout time.Duration
	// RetryBase is the first retry's delay, doubled on each further
	// attempt; zero: River's default (attempt⁴ seconds, with jitter).
	RetryBase time.Duration
	// RescueAfter is when a job left running by a process that died runs
	// again elsewhere: a delivery cut off mid-send may then arrive twice,
	// with the same idempotency key. At least SendTimeout.
	RescueAfter time.Duration
	// PollInterval is how often a worker looks for new jobs when it is not
	// told; zero: River's default (1 s), at least 100 ms. SQLite has no
	// LISTEN: it polls.
	PollInterval time.Duration
	// FetchCooldown is the least time between two fetches of one queue's
	// jobs; zero: DefaultFetchCooldown.
	FetchCooldown time.Duration
}

func (c Config) withDefaults() Config {
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = DefaultMaxAttempts
	}
	if c.ReminderLead == 0 {
		c.ReminderLead = DefaultReminderLead
	}
	if c.DeliveryWorkers <= 0 {
		c.DeliveryWorkers = DefaultDeliveryWorkers
	}
	if c.FanOutWorkers <= 0 {
		c.FanOutWorkers = DefaultFanOutWorkers
	}
	if c.SendTimeout <= 0 {
		c.SendTimeout = DefaultSendTimeout
	}
	if c.FetchCooldown <= 0 {
		c.FetchCooldown = DefaultFetchCooldown
	}
	if c.RescueAfter <= 0 {
		c.RescueAfter = DefaultRescueAfter
	}
	c.RescueAfter = max(c.RescueAfter, c.SendTimeout)
	return c
}

// Deps are what the notifications run on.
type Deps struct {
	Store *store.Storage
	// DatabaseURL is the store's (SDB_DATABASE_URL): the workers open
	// their own connections to it.
	DatabaseURL string
	Timeouts    store.Timeouts
	Subscribers Subscribers
	Sender      Sender
	Config      Config
	Logger      *slog.Logger
}
