package notify

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"statusdash/app/store"
)

func TestEventWriteAndItsJobCommitTogether(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, url string, s *store.Storage) {
		n := newNotifier(t, url, s, recipients(1), newCountingSender(0), testConfig())
		if _, err := openIncident(t, s, store.Actor{Subject: "op"}); err != nil {
			t.Fatalf("open incident: %v", err)
		}
		got := jobs(t, n, KindEvent)
		if len(got) != 1 {
			t.Fatalf("got %d notify_event jobs, want 1", len(got))
		}
		if got[0].Queue != QueueEvents {
			t.Errorf("got queue %q, want %q", got[0].Queue, QueueEvents)
		}
	})
}

func TestRolledBackWriteLeavesNoJob(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, url string, s *store.Storage) {
		n := newNotifier(t, url, s, recipients(1), newCountingSender(0), testConfig())
		refused := errors.New("refused after the job's insert")
		s.SetAfterEventWrite(func(ctx context.Context, tx *sql.Tx, notices []store.EventNotice) error {
			if err := n.insertEventJobs(ctx, tx, notices); err != nil {
				return err
			}
			return refused
		})
		if _, err := openIncident(t, s, store.Actor{Subject: "op"}); !errors.Is(err, refused) {
			t.Fatalf("got error %v, want %v", err, refused)
		}
		if got := jobs(t, n, KindEvent); len(got) != 0 {
			t.Errorf("got %d notify_event jobs after a rolled-back write, want 0", len(got))
		}
	})
}

func TestWriteWithoutNotifyInsertsNoJob(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, url string, s *store.Storage) {
		n := newNotifier(t, url, s, recipients(1), newCountingSender(0), testConfig())
		if _, err := openIncident(t, s, store.Actor{Subject: "op", NoNotify: true}); err != nil {
			t.Fatalf("open incident: %v", err)
		}
		if got := jobs(t, n, KindEvent); len(got) != 0 {
			t.Errorf("got %d notify_event jobs, want 0", len(got))
		}
	})
}
