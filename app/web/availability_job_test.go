package web

import (
	"context"
	"sync"
	"testing"
	"time"

	"statusdash/app/availability"
	"statusdash/app/model"
	"statusdash/app/store"
)

// TestAvailabilityJobInTwoProcesses runs the job's pass in two processes at
// once, three days after an outage began: one rolls the days up, the other
// finds them done, and the figures equal those of the timelines.
func TestAvailabilityJobInTwoProcesses(t *testing.T) {
	t.Parallel()
	twoProcesses(t, func(t *testing.T, first, second *store.Storage) {
		ctx := context.Background()
		start := time.Now().UTC()
		dueWindows(t, first, start) // maintenance windows, running and finished
		tree, err := first.ReadCatalog(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := first.CreateEvent(ctx, store.Actor{Subject: "op-1", Name: "Olga"}, store.NewEvent{Type: model.TypeIncident,
			Title: "Down", Impact: model.ImpactOutage, ComponentIDs: []uint{tree.Components[0].ID}, StartAt: start}, start); err != nil {
			t.Fatalf("open: %v", err)
		}
		now := start.Add(3 * 24 * time.Hour)
		var done sync.WaitGroup
		for _, s := range []*store.Storage{first, second} {
			done.Add(1)
			go func() {
				defer done.Done()
				newJobServer(t, s, now).finalizeAvailability(ctx)
			}()
		}
		done.Wait()
		if days, err := first.FinalizeAvailability(ctx, now); err != nil || days != 0 {
			t.Errorf("after both passes: %d days left to finalize, %v; want none", days, err)
		}
		report, err := first.ReadAvailability(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		months := availability.Months(now, store.AvailabilityMonths, time.UTC)
		timelines, err := first.ReadTimelines(ctx, months[len(months)-1].Start, now)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range report.Rows {
			want := timelines[row.Component.ID].Figures(months)
			for i, got := range row.Months {
				if got != want[i] {
					t.Errorf("component %d, month %d: got %+v, want %+v", row.Component.ID, i, got, want[i])
				}
			}
		}
	})
}
