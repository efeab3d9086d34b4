package notify

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"statusdash/app/store"
)

// problemLog counts River's warnings and errors, and those about a
// locked or busy database (SQLite's single writer).
type problemLog struct {
	problems, locked atomic.Int64
	mu               sync.Mutex
	first            []string
}

func (l *problemLog) Enabled(_ context.Context, level slog.Level) bool {
	return level >= slog.LevelWarn
}
func (l *problemLog) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *problemLog) WithGroup(string) slog.Handler      { return l }

func (l *problemLog) Handle(_ context.Context, r slog.Record) error {
	var text strings.Builder
	text.WriteString(r.Message)
	r.Attrs(func(a slog.Attr) bool { fmt.Fprintf(&text, " %s=%v", a.Key, a.Value); return true })
	l.problems.Add(1)
	if s := strings.ToLower(text.String()); strings.Contains(s, "locked") || strings.Contains(s, "busy") {
		l.locked.Add(1)
	}
	l.mu.Lock()
	if len(l.first) < 5 {
		l.first = append(l.first, text.String())
	}
	l.mu.Unlock()
	return nil
}

// Event writes and deliveries at once, from two processes, on one
// database: every delivery arrives once, and River logs no lock error.
func TestWritesAndDeliveriesAtOnce(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("load test")
	}
	const writes, perWrite = 20, 25
	eachDatabase(t, func(t *testing.T, url string, s *store.Storage) {
		log := &problemLog{}
		sender := newCountingSender(0)
		config := testConfig()
		deps := func(s *store.Storage) Deps {
			return Deps{Store: s, DatabaseURL: url, Timeouts: store.DefaultTimeouts(), Subscribers: recipients(perWrite),
				Sender: sender, Config: config, Logger: slog.New(log)}
		}
		for _, st := range []*store.Storage{s, openStore(t, url)} {
			n, err := New(context.Background(), deps(st))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(n.Close)
			startNotifier(t, n)
		}
		begin := time.Now()
		var wg sync.WaitGroup
		errs := make(chan error, writes)
		for i := range writes {
			wg.Go(func() {
				now := time.Now()
				id := []uint{1}
				event, err := s.CreateEvent(context.Background(), store.Actor{Subject: "op"}, store.NewEvent{Type: "info",
					Title: fmt.Sprintf("Notice %d", i), ComponentIDs: id, StartAt: now}, now)
				if err == nil && event.ID == 0 {
					err = fmt.Errorf("write %d: no id", i)
				}
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("write: %v", err)
			}
		}
		waitFor(t, "every delivery", func() bool { keys, _ := sender.sentCount(); return keys == writes*perWrite })
		elapsed := time.Since(begin)
		keys, sends := sender.sentCount()
		if sends != keys {
			t.Errorf("got %d sends to %d keys, want one each", sends, keys)
		}
		t.Logf("%d writes, %d deliveries in %s; River logged %d warnings or errors, %d about a locked database; first: %q",
			writes, keys, elapsed.Round(time.Millisecond), log.problems.Load(), log.locked.Load(), log.first)
		if log.locked.Load() > 0 {
			t.Errorf("River logged %d lock errors", log.locked.Load())
		}
	})
}
