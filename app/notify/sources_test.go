package notify

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/store"
)

// eventJobArgs are the args of every notify_event job, oldest first.
func eventJobArgs(t *testing.T, n *Notifier) []EventArgs {
	t.Helper()
	var out []EventArgs
	for _, job := range jobs(t, n, KindEvent) {
		var args EventArgs
		if err := json.Unmarshal(job.EncodedArgs, &args); err != nil {
			t.Fatal(err)
		}
		out = append(out, args)
	}
	return out
}

func TestMonitoringReportInsertsItsJob(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, url string, s *store.Storage) {
		n := newNotifier(t, url, s, recipients(1), newCountingSender(0), testConfig())
		ctx := context.Background()
		now := time.Now()
		for _, impact := range []model.Impact{model.ImpactMinor, model.ImpactOutage} {
			if _, err := s.ReportComponent(ctx, store.Actor{Subject: "monitoring"}, store.Report{ComponentID: 1, Impact: impact}, now); err != nil {
				t.Fatalf("report impact %d: %v", impact, err)
			}
			now = now.Add(time.Minute)
		}
		got := eventJobArgs(t, n)
		want := [][]string{{store.ChangeOpened}, {store.ChangeImpactChanged}}
		if len(got) != len(want) {
			t.Fatalf("got %d jobs %+v, want %d", len(got), got, len(want))
		}
		for i := range want {
			if !slices.Equal(got[i].Changes, want[i]) {
				t.Errorf("job %d: got changes %v, want %v", i, got[i].Changes, want[i])
			}
		}
	})
}

func TestMaintenanceWindowNotifiesAndReminds(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, url string, s *store.Storage) {
		n := newNotifier(t, url, s, recipients(1), newCountingSender(0), testConfig())
		ctx := context.Background()
		now := time.Now().UTC().Truncate(time.Second)
		start, end := now.Add(48*time.Hour), now.Add(50*time.Hour)
		window, err := s.CreateEvent(ctx, store.Actor{Subject: "op"}, store.NewEvent{Type: model.TypeMaintenance,
			Title: "Database upgrade", ComponentIDs: []uint{1}, StartAt: start, EndAt: &end}, now)
		if err != nil {
			t.Fatalf("schedule: %v", err)
		}
		if _, err := s.AdvanceMaintenance(ctx, start.Add(time.Minute)); err != nil {
			t.Fatalf("advance to the start: %v", err)
		}
		if _, err := s.AdvanceMaintenance(ctx, end.Add(time.Minute)); err != nil {
			t.Fatalf("advance to the end: %v", err)
		}
		var changes [][]string
		var reminders []EventArgs
		for _, args := range eventJobArgs(t, n) {
			if args.EventID != window.ID {
				t.Errorf("got a job for event %d, want %d", args.EventID, window.ID)
			}
			if args.StartAt != nil {
				reminders = append(reminders, args)
				continue
			}
			changes = append(changes, args.Changes)
		}
		want := [][]string{{store.ChangeScheduled}, {store.ChangeStarted}, {store.ChangeEnded}}
		if len(changes) != len(want) {
			t.Fatalf("got changes %v, want %v", changes, want)
		}
		for i := range want {
			if !slices.Contains(changes[i], want[i][0]) {
				t.Errorf("job %d: got changes %v, want %v among them", i, changes[i], want[i])
			}
		}
		if len(reminders) != 1 || !reminders[0].StartAt.Equal(start) {
			t.Errorf("got reminders %+v, want one for the start %s", reminders, start)
		}
	})
}

func TestReminderOfAMovedWindowSaysNothing(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, url string, s *store.Storage) {
		n := newNotifier(t, url, s, recipients(2), newCountingSender(0), testConfig())
		ctx := context.Background()
		now := time.Now().UTC().Truncate(time.Second)
		start, end := now.Add(48*time.Hour), now.Add(50*time.Hour)
		window, err := s.CreateEvent(ctx, store.Actor{Subject: "op"}, store.NewEvent{Type: model.TypeMaintenance,
			Title: "Database upgrade", ComponentIDs: []uint{1}, StartAt: start, EndAt: &end}, now)
		if err != nil {
			t.Fatalf("schedule: %v", err)
		}
		moved, movedEnd := start.Add(24*time.Hour), end.Add(24*time.Hour)
		if _, err := s.AddUpdate(ctx, store.Actor{Subject: "op"}, window.ID, store.NewUpdate{Status: model.StatusModified,
			Message: "Moved by a day.", At: now, StartAt: &moved, EndAt: &movedEnd}, now); err != nil {
			t.Fatalf("move: %v", err)
		}
		worker := &fanOutWorker{notifier: n}
		var starts []time.Time
		for _, job := range jobs(t, n, KindEvent) {
			var args EventArgs
			if err := json.Unmarshal(job.EncodedArgs, &args); err != nil {
				t.Fatal(err)
			}
			if args.StartAt == nil {
				continue
			}
			starts = append(starts, *args.StartAt)
			if err := worker.Work(ctx, newJob(job.JobRow, args)); err != nil {
				t.Fatalf("fan out the reminder for %s: %v", args.StartAt, err)
			}
		}
		if len(starts) != 2 {
			t.Fatalf("got reminders for %v, want one for each start", starts)
		}
		deliveries := jobs(t, n, KindDeliver)
		if len(deliveries) != 2 {
			t.Fatalf("got %d deliveries, want 2 (the moved window's reminder to each recipient)", len(deliveries))
		}
	})
}
