package store_test

import (
	"sync"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

func (f *eventFixture) maintenance(t *testing.T, start, end time.Duration) *model.Event {
	t.Helper()
	m, err := f.s.CreateEvent(f.ctx, f.actor, store.NewEvent{Type: model.TypeMaintenance, Title: "Window", ComponentIDs: []uint{1},
		StartAt: f.now.Add(start), EndAt: evPtr(f.now.Add(end))}, f.now)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func statusesOf(e *model.Event) []string {
	var statuses []string
	for _, u := range e.Updates {
		statuses = append(statuses, u.Status)
	}
	return statuses
}

func TestAdvanceMaintenance(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		future := f.maintenance(t, time.Hour, 2*time.Hour)
		begun := f.maintenance(t, -time.Hour, time.Hour)
		// Planned three hours ago, so its moves carry the window's own times.
		over, err := s.CreateEvent(f.ctx, f.actor, store.NewEvent{Type: model.TypeMaintenance, Title: "Past", ComponentIDs: []uint{2},
			StartAt: f.now.Add(-2 * time.Hour), EndAt: evPtr(f.now.Add(-time.Hour))}, f.now.Add(-3*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		cancelled := f.maintenance(t, -time.Hour, time.Hour)
		if _, err := s.AddUpdate(f.ctx, f.actor, cancelled.ID, store.NewUpdate{Status: "cancelled", Message: "No", At: f.now}, f.now); err != nil {
			t.Fatal(err)
		}
		moves, err := s.AdvanceMaintenance(f.ctx, f.now)
		if err != nil || moves != 3 {
			t.Fatalf("moves = %d, %v; want 3 (begun: 1, over: 2)", moves, err)
		}
		tests := []struct {
			event  *model.Event
			status string
			want   []string
		}{
			{future, "planned", []string{"planned"}},
			{begun, "in progress", []string{"planned", "in progress"}},
			{over, "completed", []string{"planned", "in progress", "completed"}},
			{cancelled, "cancelled", []string{"planned", "cancelled"}},
		}
		for _, tt := range tests {
			e := f.event(t, tt.event.ID)
			if e.Status != tt.status || !equalStrings(statusesOf(e), tt.want) {
				t.Errorf("event %d status %q updates %v, want %q %v", e.ID, e.Status, statusesOf(e), tt.status, tt.want)
			}
		}
		if u := f.event(t, over.ID).Updates; !u[1].At.Equal(over.StartAt) || !u[2].At.Equal(*over.EndAt) {
			t.Errorf("transition times = %v, %v; want the window's start and end", u[1].At, u[2].At)
		}
		version, _ := s.DataVersion(f.ctx)
		if moves, err := s.AdvanceMaintenance(f.ctx, f.now); err != nil || moves != 0 {
			t.Errorf("second run moves = %d, %v; want 0", moves, err)
		}
		if again, _ := s.DataVersion(f.ctx); again != version {
			t.Errorf("an idle run bumped the data version %d -> %d", version, again)
		}
		moves, err = s.AdvanceMaintenance(f.ctx, f.now.Add(3*time.Hour))
		if err != nil || moves != 3 { // begun completes; future starts and completes
			t.Errorf("later moves = %d, %v; want 3", moves, err)
		}
	})
}

// TestAdvanceMaintenanceWorkers runs several workers at once: each move happens once.
func TestAdvanceMaintenanceWorkers(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		var windows []*model.Event
		for range 10 {
			windows = append(windows, f.maintenance(t, -time.Hour, time.Hour))
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		total := 0
		for range 4 {
			wg.Go(func() {
				moves, err := s.AdvanceMaintenance(f.ctx, f.now)
				if err != nil {
					t.Errorf("worker: %v", err)
				}
				mu.Lock()
				total += moves
				mu.Unlock()
			})
		}
		wg.Wait()
		if total != len(windows) {
			t.Errorf("moves = %d, want %d", total, len(windows))
		}
		for _, w := range windows {
			if got := statusesOf(f.event(t, w.ID)); !equalStrings(got, []string{"planned", "in progress"}) {
				t.Errorf("event %d updates = %v, want one in progress", w.ID, got)
			}
		}
	})
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
