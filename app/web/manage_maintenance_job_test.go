package web

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"statusdash/app/config"
	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// twoProcesses opens two stores on one fresh database, as two serve
// processes would: SQLite always, PostgreSQL when configured.
func twoProcesses(t *testing.T, fn func(t *testing.T, first, second *store.Storage)) {
	t.Helper()
	open := func(t *testing.T, url string) *store.Storage {
		s, err := store.Open(context.Background(), url)
		if err != nil {
			t.Fatalf("open %s: %v", url, err)
		}
		t.Cleanup(func() { _ = s.Close() })
		return s
	}
	run := func(t *testing.T, url string) {
		first := open(t, url)
		if _, err := first.MigrateUp(context.Background()); err != nil {
			t.Fatalf("migrate: %v", err)
		}
		fn(t, first, open(t, url))
	}
	t.Run("sqlite", func(t *testing.T) { run(t, filepath.Join(t.TempDir(), "statusdash.db")) })
	t.Run("postgres", func(t *testing.T) {
		if os.Getenv(storetest.PostgresURLVar) == "" {
			t.Skipf("%s not set", storetest.PostgresURLVar)
		}
		run(t, storetest.PostgresDatabaseURL(t))
	})
}

// dueWindows provisions a component and schedules windows: running ones
// (started, not ended) and finished ones (started and ended), all planned.
func dueWindows(t *testing.T, s *store.Storage, now time.Time) (running, finished []uint) {
	t.Helper()
	ctx := context.Background()
	spec := store.CatalogSpec{
		Categories: []store.CategorySpec{{Name: "Compute", Slug: "compute"}},
		Regions:    []store.RegionSpec{{Name: "EU-DE", Slug: "eu-de"}},
		Services:   []store.ServiceSpec{{Name: "Elastic Cloud Server", Slug: "ecs", Category: "compute"}},
		Components: []store.ComponentSpec{{Service: "ecs", Region: "eu-de"}},
	}
	if _, err := s.ProvisionCatalog(ctx, store.BootstrapActor, spec, time.Now()); err != nil {
		t.Fatalf("provision: %v", err)
	}
	tree, err := s.ReadCatalog(ctx)
	if err != nil {
		t.Fatalf("catalog: %v", err)
	}
	component := tree.Components[0].ID
	schedule := func(start, end time.Time) uint {
		e, err := s.CreateEvent(ctx, store.Actor{Subject: "op-1", Name: "Olga"}, store.NewEvent{Type: model.TypeMaintenance,
			Title: "Window", ComponentIDs: []uint{component}, StartAt: start, EndAt: &end}, start.Add(-time.Hour))
		if err != nil {
			t.Fatalf("schedule: %v", err)
		}
		return e.ID
	}
	for i := range 4 {
		offset := time.Duration(i+1) * time.Minute
		running = append(running, schedule(now.Add(-offset), now.Add(time.Hour)))
		finished = append(finished, schedule(now.Add(-2*time.Hour-offset), now.Add(-offset)))
	}
	return running, finished
}

// assertTransitionsOnce checks each window got exactly one update per move.
func assertTransitionsOnce(t *testing.T, s *store.Storage, running, finished []uint) {
	t.Helper()
	count := func(e *model.Event, status string) int {
		n := 0
		for _, update := range e.Updates {
			if update.Status == status {
				n++
			}
		}
		return n
	}
	for _, id := range running {
		e, err := s.ReadEvent(context.Background(), id)
		if err != nil {
			t.Fatalf("read %d: %v", id, err)
		}
		if e.Status != model.StatusInProgress || count(e, model.StatusInProgress) != 1 || count(e, model.StatusCompleted) != 0 {
			t.Errorf("running window %d: status %q, %d in progress and %d completed updates; want in progress once",
				id, e.Status, count(e, model.StatusInProgress), count(e, model.StatusCompleted))
		}
	}
	for _, id := range finished {
		e, err := s.ReadEvent(context.Background(), id)
		if err != nil {
			t.Fatalf("read %d: %v", id, err)
		}
		if e.Status != model.StatusCompleted || count(e, model.StatusInProgress) != 1 || count(e, model.StatusCompleted) != 1 {
			t.Errorf("finished window %d: status %q, %d in progress and %d completed updates; want each once",
				id, e.Status, count(e, model.StatusInProgress), count(e, model.StatusCompleted))
		}
	}
}

func newJobServer(t *testing.T, s *store.Storage, now time.Time) *Server {
	t.Helper()
	server, err := New(Deps{Config: config.Defaults(), Store: s, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	return server
}

// TestMaintenanceTwoWorkersMoveEachWindowOnce runs the job's pass in two
// processes at once, several rounds: every move happens exactly once.
func TestMaintenanceTwoWorkersMoveEachWindowOnce(t *testing.T) {
	t.Parallel()
	twoProcesses(t, func(t *testing.T, first, second *store.Storage) {
		now := time.Now().UTC()
		running, finished := dueWindows(t, first, now)
		workers := []*Server{newJobServer(t, first, now), newJobServer(t, second, now)}
		for range 3 {
			var ready, done sync.WaitGroup
			start := make(chan struct{})
			for _, worker := range workers {
				ready.Add(1)
				done.Add(1)
				go func() {
					defer done.Done()
					ready.Done()
					<-start
					worker.advanceMaintenance(context.Background())
				}()
			}
			ready.Wait()
			close(start)
			done.Wait()
		}
		assertTransitionsOnce(t, first, running, finished)
		// Each window's moves are in the audit log once, by the schedule.
		entries, _, err := first.AuditEntries(context.Background(), 1, 500)
		if err != nil {
			t.Fatalf("audit: %v", err)
		}
		advances := 0
		for _, entry := range entries {
			if entry.Action == store.ActionEventAdvance {
				advances++
			}
		}
		if want := len(running) + len(finished); advances != want {
			t.Errorf("%d advance audit rows, want %d (one per window)", advances, want)
		}
	})
}

// TestMaintenanceJobStartStop runs the background job in two servers until
// every window has moved, then stops both (twice, which is harmless).
func TestMaintenanceJobStartStop(t *testing.T) {
	t.Parallel()
	twoProcesses(t, func(t *testing.T, first, second *store.Storage) {
		now := time.Now().UTC()
		running, finished := dueWindows(t, first, now)
		ctx := context.Background()
		stops := []func(){
			newJobServer(t, first, now).StartMaintenanceJob(ctx, 5*time.Millisecond),
			newJobServer(t, second, now).StartMaintenanceJob(ctx, 5*time.Millisecond),
		}
		deadline := time.Now().Add(20 * time.Second)
		for {
			e, err := first.ReadEvent(ctx, finished[len(finished)-1])
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			if e.Status == model.StatusCompleted {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the job did not move the windows")
			}
			time.Sleep(10 * time.Millisecond)
		}
		time.Sleep(30 * time.Millisecond) // let both jobs run more passes over nothing due
		for _, stop := range stops {
			stop()
			stop()
		}
		assertTransitionsOnce(t, first, running, finished)
	})
}

func TestMaintenanceJobStopsWithItsContext(t *testing.T) {
	t.Parallel()
	s := storetest.OpenSQLite(t)
	ctx, cancel := context.WithCancel(context.Background())
	stop := newJobServer(t, s, time.Now()).StartMaintenanceJob(ctx, time.Hour)
	cancel()
	stop() // returns once the goroutine has ended
}
