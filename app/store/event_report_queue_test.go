package store_test

import (
	"context"
	"errors"
	"testing"

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
