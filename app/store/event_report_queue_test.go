package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"statusdash/app/incident"
	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// TestReportBatch writes reports as one batch of the report queue: each
// report sees the writes of those before it, as if each had its own
// transaction, and a report whose request is gone is left out.
func TestReportBatch(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		gone, cancel := context.WithCancel(f.ctx)
		cancel()
		versionBefore, err := s.DataVersion(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		results, errs := store.WriteReportBatchForTest(s, monitor, []store.BatchedReport{
			{Ctx: f.ctx, Report: store.Report{ComponentID: 1, Impact: model.ImpactMinor}},
			{Ctx: f.ctx, Report: store.Report{ComponentID: 2, Impact: model.ImpactMinor}},
			{Ctx: f.ctx, Report: store.Report{ComponentID: 1, Impact: model.ImpactMinor}},
			{Ctx: gone, Report: store.Report{ComponentID: 4, Impact: model.ImpactMinor}},
			{Ctx: f.ctx, Report: store.Report{ComponentID: 3, Impact: model.ImpactOutage}},
		}, f.now)
		tests := []struct {
			name   string
			action incident.Action
			event  int // index of the report whose event answers this one; -1: none
			err    error
		}{
			{"first report opens", incident.ActionOpen, 0, nil},
			{"second joins the first's incident", incident.ActionJoin, 0, nil},
			{"repeat is refused by the first's incident", incident.ActionConflict, 0, nil},
			{"cancelled request is left out", 0, -1, context.Canceled},
			{"other impact opens its own", incident.ActionOpen, 4, nil},
		}
		for i, tt := range tests {
			if !errors.Is(errs[i], tt.err) {
				t.Fatalf("%s: error %v, want %v", tt.name, errs[i], tt.err)
			}
			if tt.event < 0 {
				if results[i] != nil {
					t.Errorf("%s: result %+v, want none", tt.name, results[i])
				}
				continue
			}
			if results[i].Action != tt.action || results[i].Event.ID != results[tt.event].Event.ID {
				t.Errorf("%s: %v event %d, want %v event %d", tt.name, results[i].Action, results[i].Event.ID, tt.action, results[tt.event].Event.ID)
			}
		}
		if got := componentIDsOf(f.event(t, results[0].Event.ID)); len(got) != 2 || got[0] != 1 || got[1] != 2 {
			t.Errorf("minor incident holds %v, want [1 2]", got)
		}
		if open, err := s.OpenEventsForComponent(f.ctx, 4, f.now); err != nil || len(open) != 0 {
			t.Errorf("cancelled report's component is in %d events (%v), want none", len(open), err)
		}
		if _, total, err := s.AuditEntries(f.ctx, 1, 50); err != nil || total != 3 {
			t.Errorf("audit entries = %d (%v), want 3 (open, join, open)", total, err)
		}
		if after, err := s.DataVersion(f.ctx); err != nil || after <= versionBefore {
			t.Errorf("data version %d after the batch (%v), want above %d", after, err, versionBefore)
		}
	})
}

// TestReportReadsUseIndex keeps the reads of a monitoring report on the
// index of unfinished events, on both databases: with years of history a
// component has a hundred past events, and a scan of every event would
// be most of a report's cost. (1,000 past events are enough to tell, and
// quicker to write than benchCatalog's.)
func TestReportReadsUseIndex(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		ctx := context.Background()
		if _, err := s.ProvisionCatalog(ctx, store.BootstrapActor, historyCatalog(time.Now().UTC(), 1000), time.Now()); err != nil {
			t.Fatalf("provision: %v", err)
		}
		components, err := s.ComponentsWithServiceRegion(ctx)
		if err != nil || len(components) == 0 {
			t.Fatalf("components: %d, %v", len(components), err)
		}
		plans, err := store.ExplainReportReadsForTest(ctx, s, components[0].ID)
		if err != nil {
			t.Fatalf("explain: %v", err)
		}
		for i, plan := range plans {
			if strings.Contains(plan, "Seq Scan on events") || strings.Contains(plan, "SCAN events\n") {
				t.Errorf("read %d scans every event:\n%s", i, plan)
			}
			if !strings.Contains(plan, "events_unfinished_idx") {
				t.Errorf("read %d does not use events_unfinished_idx:\n%s", i, plan)
			}
		}
	})
}

// TestPostgresSessionSettings checks the settings each pool's sessions
// start with: reports keep generic plans and nothing else does; no session
// compiles queries (JIT).
func TestPostgresSessionSettings(t *testing.T) {
	t.Parallel()
	s := storetest.OpenPostgres(t)
	cases := []struct{ setting, main, reports string }{
		{"plan_cache_mode", "auto", "force_generic_plan"},
		{"jit", "off", "off"},
	}
	for _, tc := range cases {
		main, reports, err := store.SessionSettingForTest(context.Background(), s, tc.setting)
		if err != nil {
			t.Fatal(err)
		}
		if main != tc.main || reports != tc.reports {
			t.Errorf("%s = %q in the main pool and %q in the reports' pool, want %q and %q",
				tc.setting, main, reports, tc.main, tc.reports)
		}
	}
}

// waitFor polls cond until it holds, failing the test after a generous
// deadline: it proves that something happens, not how fast.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("still waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// answerWithin waits for the answer of a report running in a goroutine.
func answerWithin(t *testing.T, what string, answers <-chan error) error {
	t.Helper()
	select {
	case err := <-answers:
		return err
	case <-time.After(10 * time.Second):
		t.Fatalf("%s: no answer", what)
		return nil
	}
}

// TestReportQueueHonoursContext: a report whose request ends while it
// waits for a batch is answered at once with the context's error, while
// the batch before it still holds the queue, and is never written.
func TestReportQueueHonoursContext(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		waiting, cancel := context.WithCancel(f.ctx)
		defer cancel()
		// Found before the lock is taken: on SQLite a batch waiting for it
		// holds the store's one connection.
		second, err := store.PrepareReportForTest(waiting, s, monitor, store.Report{ComponentID: 2, Impact: model.ImpactMinor}, f.now)
		if err != nil {
			t.Fatal(err)
		}
		release := store.HoldEventWriteLockForTest(t, s)
		first := make(chan error, 1)
		go func() {
			_, err := s.ReportComponent(f.ctx, monitor, store.Report{ComponentID: 1, Impact: model.ImpactMinor}, f.now)
			first <- err
		}()
		waitFor(t, "the first report's batch", func() bool { busy, queued, _ := store.ReportQueueForTest(s); return busy && queued == 0 })
		answers := make(chan error, 1)
		go func() {
			_, err := second()
			answers <- err
		}()
		waitFor(t, "the second report to queue", func() bool { _, queued, _ := store.ReportQueueForTest(s); return queued == 1 })
		cancel()
		if err := answerWithin(t, "cancelled report", answers); !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled report answered %v, want context.Canceled", err)
		}
		if busy, queued, _ := store.ReportQueueForTest(s); !busy || queued != 1 {
			t.Fatalf("after the cancelled answer: busy %v, %d queued; want the first batch still writing and the report queued", busy, queued)
		}
		release()
		if err := answerWithin(t, "first report", first); err != nil {
			t.Fatalf("first report: %v", err)
		}
		waitFor(t, "the queue to empty", func() bool { busy, _, _ := store.ReportQueueForTest(s); return !busy })
		if open, err := s.OpenEventsForComponent(f.ctx, 2, f.now); err != nil || len(open) != 0 {
			t.Errorf("the cancelled report's component is in %d events (%v), want none", len(open), err)
		}
	})
}

// TestReportBatchRetries: a batch that fails is tried again report by
// report, so that one report's failure is not the others'; but only once,
// and not at all when the database did not answer in time.
func TestReportBatchRetries(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		missing := &model.Component{ID: 999, Service: &model.Service{Name: "Gone"}, Region: &model.Region{Name: "Nowhere"}}
		answers := store.WriteReportBatchAnswersForTest(s, monitor, []store.BatchedReport{
			{Ctx: f.ctx, Report: store.Report{ComponentID: 1, Impact: model.ImpactMinor}},
			{Ctx: f.ctx, Report: store.Report{Impact: model.ImpactMinor}, Component: missing},
			{Ctx: f.ctx, Report: store.Report{ComponentID: 2, Impact: model.ImpactMajor}},
		}, f.now)
		for i, want := range []struct {
			action incident.Action
			failed bool
		}{{incident.ActionOpen, false}, {0, true}, {incident.ActionOpen, false}} {
			a := answers[i]
			if a.Tries != 2 {
				t.Errorf("report %d tried %d times, want 2 (its batch, then alone)", i, a.Tries)
			}
			if want.failed != (a.Err != nil) || (!want.failed && a.Result.Action != want.action) {
				t.Errorf("report %d: %+v, %v; want failed %v, action %v", i, a.Result, a.Err, want.failed, want.action)
			}
		}

		store.SetReportBatchTimeoutForTest(s, time.Nanosecond)
		answers = store.WriteReportBatchAnswersForTest(s, monitor, []store.BatchedReport{
			{Ctx: f.ctx, Report: store.Report{ComponentID: 3, Impact: model.ImpactMinor}},
			{Ctx: f.ctx, Report: store.Report{ComponentID: 4, Impact: model.ImpactMinor}},
		}, f.now)
		for i, a := range answers {
			if !errors.Is(a.Err, context.DeadlineExceeded) || a.Tries != 1 {
				t.Errorf("report %d past the deadline: %v after %d tries, want the deadline after 1", i, a.Err, a.Tries)
			}
		}
	})
}

// TestCloseDrainsReports: Close refuses new reports with ErrClosed, waits
// for the report in progress to be written and answered, and only then
// closes the database.
func TestCloseDrainsReports(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		release := store.HoldEventWriteLockForTest(t, s)
		type answer struct {
			result *store.ReportResult
			err    error
		}
		inProgress := make(chan answer, 1)
		go func() {
			r, err := s.ReportComponent(f.ctx, monitor, store.Report{ComponentID: 1, Impact: model.ImpactMinor}, f.now)
			inProgress <- answer{r, err}
		}()
		waitFor(t, "the report's batch", func() bool { busy, _, _ := store.ReportQueueForTest(s); return busy })
		closed := make(chan error, 1)
		go func() { closed <- s.Close() }()
		waitFor(t, "Close to begin", func() bool { _, _, closing := store.ReportQueueForTest(s); return closing })
		if _, err := s.ReportComponent(f.ctx, monitor, store.Report{ComponentID: 2, Impact: model.ImpactMinor}, f.now); !errors.Is(err, store.ErrClosed) {
			t.Errorf("report after Close began: %v, want ErrClosed", err)
		}
		select {
		case err := <-closed:
			t.Fatalf("Close returned (%v) while a report was in progress", err)
		default:
		}
		release()
		var a answer
		select {
		case a = <-inProgress:
		case <-time.After(10 * time.Second):
			t.Fatal("the report in progress got no answer")
		}
		if a.err != nil || a.result.Action != incident.ActionOpen || len(a.result.Event.Updates) == 0 {
			t.Errorf("report in progress: %+v, %v; want it opened an incident and answered with its updates", a.result, a.err)
		}
		if err := answerWithin(t, "Close", closed); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
}
