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
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		ctx := context.Background()
		if _, err := s.ProvisionCatalog(ctx, historyCatalog(time.Now().UTC(), 1000)); err != nil {
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

// TestReportPoolPlans checks that on PostgreSQL reports run in sessions
// that keep generic plans, and nothing else does.
func TestReportPoolPlans(t *testing.T) {
	s := storetest.OpenPostgres(t)
	main, reports, err := store.PlanCacheModesForTest(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	if main != "auto" || reports != "force_generic_plan" {
		t.Errorf("plan_cache_mode = %q in the main pool and %q in the reports' pool, want auto and force_generic_plan", main, reports)
	}
}
