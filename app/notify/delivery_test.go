package notify

import (
	"context"
	"errors"
	"testing"
	"time"

	"statusdash/app/store"
)

func TestTwoProcessesDeliverEachJobOnce(t *testing.T) {
	t.Parallel()
	const count = 40
	eachDatabase(t, func(t *testing.T, url string, s *store.Storage) {
		sender := newCountingSender(0)
		first := newNotifier(t, url, s, recipients(count), sender, testConfig())
		other := openStore(t, url)
		second := newNotifier(t, url, other, recipients(count), sender, testConfig())
		startNotifier(t, first)
		startNotifier(t, second)
		if _, err := openIncident(t, s, store.Actor{Subject: "op"}); err != nil {
			t.Fatalf("open incident: %v", err)
		}
		waitFor(t, "every delivery", func() bool { keys, _ := sender.sentCount(); return keys == count })
		waitFor(t, "the deliveries' completion", func() bool { return len(listAll(t, first, DeliverySent)) == count })
		if keys, sends := sender.sentCount(); sends != count {
			t.Errorf("got %d sends to %d recipients, want %d", sends, keys, count)
		}
	})
}

func TestFanOutTwiceInsertsEachDeliveryOnce(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, url string, s *store.Storage) {
		n := newNotifier(t, url, s, recipients(3), newCountingSender(0), testConfig())
		if _, err := openIncident(t, s, store.Actor{Subject: "op"}); err != nil {
			t.Fatalf("open incident: %v", err)
		}
		event := jobs(t, n, KindEvent)[0]
		job := event.JobRow
		worker := &fanOutWorker{notifier: n}
		for range 2 {
			args := EventArgs{EventID: 1, Changes: []string{store.ChangeOpened}}
			if err := worker.Work(context.Background(), newJob(job, args)); err != nil {
				t.Fatalf("fan out: %v", err)
			}
		}
		if got := jobs(t, n, KindDeliver); len(got) != 3 {
			t.Errorf("got %d deliver jobs after two fan-outs to 3 recipients, want 3", len(got))
		}
	})
}

func TestFailingReceiverGetsItOnTheFourthAttempt(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, url string, s *store.Storage) {
		sender := newCountingSender(3)
		n := newNotifier(t, url, s, recipients(1), sender, testConfig())
		startNotifier(t, n)
		if _, err := openIncident(t, s, store.Actor{Subject: "op"}); err != nil {
			t.Fatalf("open incident: %v", err)
		}
		var sent []DeliveryRow
		waitFor(t, "the delivery", func() bool { sent = listAll(t, n, DeliverySent); return len(sent) == 1 })
		if sent[0].Attempts != 4 {
			t.Errorf("got %d attempts, want 4", sent[0].Attempts)
		}
		if _, sends := sender.sentCount(); sends != 1 {
			t.Errorf("got %d sends, want 1", sends)
		}
	})
}

func TestFailedDeliveryIsKeptAndRetried(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, url string, s *store.Storage) {
		sender := newCountingSender(2)
		config := testConfig()
		config.MaxAttempts = 2
		n := newNotifier(t, url, s, recipients(1), sender, config)
		startNotifier(t, n)
		if _, err := openIncident(t, s, store.Actor{Subject: "op"}); err != nil {
			t.Fatalf("open incident: %v", err)
		}
		var failed []DeliveryRow
		waitFor(t, "the failed delivery", func() bool { failed = listAll(t, n, DeliveryFailed); return len(failed) == 1 })
		if got, want := failed[0].LastError, "receiver answered 500 (attempt 2)"; got != want {
			t.Errorf("got last error %q, want %q", got, want)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := n.RetryDelivery(ctx, failed[0].ID); err != nil {
			t.Fatalf("retry: %v", err)
		}
		waitFor(t, "the retried delivery", func() bool { return len(listAll(t, n, DeliverySent)) == 1 })
		if _, err := n.RetryDelivery(ctx, 1<<40); !errors.Is(err, ErrNoDelivery) {
			t.Errorf("retry of an unknown id: got %v, want ErrNoDelivery", err)
		}
	})
}

func TestListDeliveriesPages(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, url string, s *store.Storage) {
		n := newNotifier(t, url, s, recipients(5), newCountingSender(0), testConfig())
		if _, err := openIncident(t, s, store.Actor{Subject: "op"}); err != nil {
			t.Fatalf("open incident: %v", err)
		}
		worker := &fanOutWorker{notifier: n}
		event := jobs(t, n, KindEvent)[0]
		if err := worker.Work(context.Background(), newJob(event.JobRow, EventArgs{EventID: 1})); err != nil {
			t.Fatalf("fan out: %v", err)
		}
		ctx := context.Background()
		var ids []int64
		after := ""
		for page := 0; ; page++ {
			got, err := n.ListDeliveries(ctx, DeliveryPending, after, 2)
			if err != nil {
				t.Fatalf("page %d: %v", page, err)
			}
			for _, d := range got.Deliveries {
				ids = append(ids, d.ID)
			}
			if got.Next == "" {
				break
			}
			after = got.Next
		}
		if len(ids) != 5 {
			t.Fatalf("got %d deliveries over the pages, want 5", len(ids))
		}
		for i := 1; i < len(ids); i++ {
			if ids[i] >= ids[i-1] {
				t.Errorf("got ids %v, want newest first", ids)
			}
		}
	})
}

func TestPermanentFailureIsNotRetried(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, url string, s *store.Storage) {
		refused := SenderFunc(func(context.Context, Delivery) error {
			return Permanent(errors.New("550 no such mailbox"))
		})
		n := newNotifier(t, url, s, recipients(1), refused, testConfig())
		startNotifier(t, n)
		if _, err := openIncident(t, s, store.Actor{Subject: "op"}); err != nil {
			t.Fatalf("open incident: %v", err)
		}
		var failed []DeliveryRow
		waitFor(t, "the failed delivery", func() bool { failed = listAll(t, n, DeliveryFailed); return len(failed) == 1 })
		if failed[0].Attempts != 1 || failed[0].LastError != "550 no such mailbox" {
			t.Errorf("got %d attempts, last error %q; want 1 and the refusal", failed[0].Attempts, failed[0].LastError)
		}
	})
}
