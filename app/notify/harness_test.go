package notify

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// database is one backend the tests run on: its URL and a fresh store.
type database struct {
	name string
	url  func(t *testing.T) string
}

func databases() []database {
	return []database{
		{name: "sqlite", url: func(t *testing.T) string { return storetest.MigratedSQLitePath(t) }},
		{name: "postgres", url: func(t *testing.T) string { return storetest.MigratedPostgresURL(t) }},
	}
}

// eachDatabase runs fn on a migrated store (ours and River's) per backend.
func eachDatabase(t *testing.T, fn func(t *testing.T, url string, s *store.Storage)) {
	t.Helper()
	for _, db := range databases() {
		t.Run(db.name, func(t *testing.T) {
			url := db.url(t)
			s := openStore(t, url)
			storetest.SeedComponent(t, s)
			fn(t, url, s)
		})
	}
}

// openStore opens and migrates the store at url, River's tables included.
func openStore(t *testing.T, url string) *store.Storage {
	t.Helper()
	s := storetest.OpenWith(t, url, store.DefaultTimeouts())
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := MigrateUp(ctx, s); err != nil {
		t.Fatalf("river migrate up: %v", err)
	}
	return s
}

// testConfig retries and polls quickly.
func testConfig() Config {
	return Config{RetryBase: 20 * time.Millisecond, PollInterval: 100 * time.Millisecond, SendTimeout: 10 * time.Second}
}

// newNotifier builds a notifier on s, not started, closed at the end.
func newNotifier(t *testing.T, url string, s *store.Storage, recipients RecipientList, sender Sender, config Config) *Notifier {
	t.Helper()
	n, err := New(context.Background(), Deps{Store: s, DatabaseURL: url, Timeouts: store.DefaultTimeouts(),
		Subscribers: recipients, Sender: sender, Config: config})
	if err != nil {
		t.Fatalf("notify.New: %v", err)
	}
	t.Cleanup(n.Close)
	return n
}

// startNotifier starts n, stopped at the end.
func startNotifier(t *testing.T, n *Notifier) {
	t.Helper()
	if err := n.Start(context.Background()); err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := n.Stop(ctx); err != nil {
			t.Errorf("stop: %v", err)
		}
	})
}

// recipients are count webhook recipients.
func recipients(count int) RecipientList {
	list := make(RecipientList, count)
	for i := range list {
		list[i] = Recipient{Key: fmt.Sprintf("webhook:%d", i+1), Kind: "webhook", Address: fmt.Sprintf("http://127.0.0.1/%d", i+1)}
	}
	return list
}

// openIncident opens an incident on component 1 (eachDatabase seeds it).
func openIncident(t *testing.T, s *store.Storage, actor store.Actor) (*model.Event, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	now := time.Now()
	return s.CreateEvent(ctx, actor, store.NewEvent{Type: model.TypeIncident, Title: "Slow volume attachment",
		Impact: model.ImpactMinor, ComponentIDs: []uint{1}, StartAt: now}, now)
}

// jobs lists the jobs of kind in every state.
func jobs(t *testing.T, n *Notifier, kind string) []*river.Job[EventArgs] {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	result, err := n.queue.list(ctx, river.NewJobListParams().Kinds(kind).States(allStates()...).First(1000))
	if err != nil {
		t.Fatalf("list %s jobs: %v", kind, err)
	}
	out := make([]*river.Job[EventArgs], 0, len(result.Jobs))
	for _, row := range result.Jobs {
		out = append(out, &river.Job[EventArgs]{JobRow: row})
	}
	return out
}

func allStates() []rivertype.JobState {
	var states []rivertype.JobState
	for _, s := range riverStates {
		states = append(states, s...)
	}
	return states
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// countingSender counts the sends of each idempotency key; failures[key]
// failing attempts come first.
type countingSender struct {
	mu       sync.Mutex
	sent     map[string]int
	attempts map[string]int
	failures int
}

func newCountingSender(failures int) *countingSender {
	return &countingSender{sent: map[string]int{}, attempts: map[string]int{}, failures: failures}
}

func (c *countingSender) Send(_ context.Context, d Delivery) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.attempts[d.IdempotencyKey]++
	if c.attempts[d.IdempotencyKey] <= c.failures {
		return fmt.Errorf("receiver answered 500 (attempt %d)", d.Attempt)
	}
	c.sent[d.IdempotencyKey]++
	return nil
}

func (c *countingSender) sentCount() (keys, sends int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, n := range c.sent {
		sends += n
	}
	return len(c.sent), sends
}

// newJob is the job row with other args, for a worker called directly.
func newJob(row *rivertype.JobRow, args EventArgs) *river.Job[EventArgs] {
	return &river.Job[EventArgs]{JobRow: row, Args: args}
}

// listAll lists every delivery in state.
func listAll(t *testing.T, n *Notifier, state DeliveryState) []DeliveryRow {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	page, err := n.ListDeliveries(ctx, state, "", 1000)
	if err != nil {
		t.Fatalf("list %s deliveries: %v", state, err)
	}
	return page.Deliveries
}
