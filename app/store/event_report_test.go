package store_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"statusdash/app/incident"
	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

var monitor = store.Actor{Subject: "monitoring", Name: "monitoring"}

func (f *eventFixture) report(t *testing.T, component uint, impact model.Impact) *store.ReportResult {
	t.Helper()
	r, err := f.s.ReportComponent(f.ctx, monitor, store.Report{ComponentID: component, Impact: impact}, f.now)
	if err != nil {
		t.Fatalf("report component %d impact %d: %v", component, impact, err)
	}
	return r
}

func TestReportComponentRules(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		expect := func(r *store.ReportResult, action incident.Action, eventID uint) {
			t.Helper()
			if r.Action != action || (eventID != 0 && r.Event.ID != eventID) {
				t.Fatalf("report = %v event %d, want %v event %d", r.Action, r.Event.ID, action, eventID)
			}
		}

		// Rule 5: open, then join.
		first := f.report(t, 1, model.ImpactMinor)
		expect(first, incident.ActionOpen, 0)
		i1 := first.Event
		if !i1.System || i1.Title != "Incident" || i1.Impact != model.ImpactMinor || !i1.StartAt.Equal(f.now) ||
			i1.Status != model.StatusDetected || !hasUpdate(i1, model.StatusDetected, "Elastic Cloud Server (EU-DE) added to Incident") {
			t.Errorf("opened = %+v", i1)
		}
		joined := f.report(t, 2, model.ImpactMinor)
		expect(joined, incident.ActionJoin, i1.ID)
		if !slices.Equal(componentIDsOf(joined.Event), []uint{1, 2}) || !hasUpdate(joined.Event, model.StatusSystem, "Elastic Cloud Server (EU-NL) added to Incident") {
			t.Errorf("joined = %v %+v", componentIDsOf(joined.Event), joined.Event.Updates)
		}

		// Rule 3: equal or lower impact conflicts and writes nothing.
		before := f.rowCounts(t)
		expect(f.report(t, 1, model.ImpactMinor), incident.ActionConflict, i1.ID)
		f.unchanged(t, before) // not even the data version moves

		// Rule 4: shared incident, no major one: move to a new incident.
		moved := f.report(t, 1, model.ImpactMajor)
		expect(moved, incident.ActionMoveToNew, 0)
		i2 := moved.Event
		if i2.ID == i1.ID || i2.Impact != model.ImpactMajor || !i2.System || !slices.Equal(componentIDsOf(i2), []uint{1}) ||
			!hasUpdate(i2, model.StatusSystem, fmt.Sprintf("Elastic Cloud Server (EU-DE) moved from <a href='/incidents/%d'>Incident</a>", i1.ID)) {
			t.Errorf("moved to new = %+v", i2)
		}
		old := f.event(t, i1.ID)
		if !slices.Equal(componentIDsOf(old), []uint{2}) || old.EndAt != nil ||
			!hasUpdate(old, model.StatusSystem, fmt.Sprintf("Elastic Cloud Server (EU-DE) moved to <a href='/incidents/%d'>Incident</a>", i2.ID)) {
			t.Errorf("old incident = %v end %v %+v", componentIDsOf(old), old.EndAt, old.Updates)
		}

		// Rule 4: only component, a major incident exists: move there and close.
		expect(f.report(t, 2, model.ImpactMajor), incident.ActionMoveToExisting, i2.ID)
		old = f.event(t, i1.ID)
		if old.EndAt == nil || old.Status != model.StatusResolved || len(old.Components) != 0 {
			t.Errorf("emptied incident = end %v status %q components %v, want closed", old.EndAt, old.Status, componentIDsOf(old))
		}
		if got := componentIDsOf(f.event(t, i2.ID)); !slices.Equal(got, []uint{1, 2}) {
			t.Errorf("major incident components = %v", got)
		}

		// Rule 4: only component, no outage incident: raise the impact.
		i3 := f.report(t, 3, model.ImpactMinor).Event
		raised := f.report(t, 3, model.ImpactOutage)
		expect(raised, incident.ActionRaiseImpact, i3.ID)
		if raised.Event.Impact != model.ImpactOutage || !hasUpdate(raised.Event, model.StatusSystem, "impact changed from minor to outage") {
			t.Errorf("raised = impact %v %+v", raised.Event.Impact, raised.Event.Updates)
		}

		// Rule 2: a person's incident of at least the impact conflicts; of a
		// lower impact it is left alone and the component joins a system incident.
		person := f.incident(t, "Database slow", model.ImpactMajor, 4)
		expect(f.report(t, 4, model.ImpactMajor), incident.ActionConflict, person.ID)
		expect(f.report(t, 4, model.ImpactOutage), incident.ActionJoin, i3.ID)
		if got := componentIDsOf(f.event(t, person.ID)); !slices.Equal(got, []uint{4}) {
			t.Errorf("person incident components = %v, want [4]", got)
		}

		// Rule 1: an active maintenance answers and nothing changes.
		m, err := s.CreateEvent(f.ctx, f.actor, store.NewEvent{Type: model.TypeMaintenance, Title: "Upgrade", ComponentIDs: []uint{1},
			StartAt: f.now.Add(-time.Minute), EndAt: evPtr(f.now.Add(time.Hour))}, f.now)
		if err != nil {
			t.Fatal(err)
		}
		before = f.rowCounts(t)
		expect(f.report(t, 1, model.ImpactOutage), incident.ActionMaintenance, m.ID)
		f.unchanged(t, before)

		// A person's update stops automation managing an incident.
		if _, err := s.AddUpdate(f.ctx, f.actor, i2.ID, store.NewUpdate{Status: "analysing", Message: "Ours now", At: f.now}, f.now); err != nil {
			t.Fatal(err)
		}
		expect(f.report(t, 2, model.ImpactMajor), incident.ActionConflict, i2.ID)
		expect(f.report(t, 2, model.ImpactOutage), incident.ActionJoin, i3.ID)
		if got := componentIDsOf(f.event(t, i2.ID)); !slices.Contains(got, 2) {
			t.Errorf("a person's incident lost component 2 to automation: %v", got)
		}

		entries, _, _ := s.AuditEntries(f.ctx, 1, 1)
		if entries[0].Actor != "monitoring" || entries[0].Action != store.ActionEventReport {
			t.Errorf("last audit = %+v", entries[0])
		}
	})
}

func TestReportComponentRejects(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		before := f.rowCounts(t)
		for _, impact := range []model.Impact{0, 4, -1} {
			_, err := s.ReportComponent(f.ctx, monitor, store.Report{ComponentID: 1, Impact: impact}, f.now)
			wantField(t, err, "impact")
		}
		_, err := s.ReportComponent(f.ctx, monitor, store.Report{ComponentID: 99, Impact: 1}, f.now)
		wantNotFound(t, err)
		f.unchanged(t, before)
	})
}

func TestCreateSystemEvent(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		person := f.incident(t, "Person", model.ImpactMinor, 2)
		m, err := s.CreateEvent(f.ctx, f.actor, store.NewEvent{Type: model.TypeMaintenance, Title: "Upgrade", ComponentIDs: []uint{3},
			StartAt: f.now.Add(-time.Minute), EndAt: evPtr(f.now.Add(time.Hour))}, f.now)
		if err != nil {
			t.Fatal(err)
		}
		in := store.NewEvent{Type: model.TypeIncident, Title: "API errors", Description: "From alerts", Impact: model.ImpactMajor,
			ComponentIDs: []uint{1, 2, 3, 4}, StartAt: f.now.Add(-5 * time.Minute)}
		results, err := s.CreateSystemEvent(f.ctx, monitor, in, f.now)
		if err != nil {
			t.Fatal(err)
		}
		if len(results) != 4 {
			t.Fatalf("results = %+v", results)
		}
		created := results[0].IncidentID
		want := []store.SystemResult{
			{ComponentID: 1, IncidentID: created},
			{ComponentID: 2, IncidentID: person.ID},
			{ComponentID: 3, IncidentID: m.ID, Error: store.ErrorInMaintenance},
			{ComponentID: 4, IncidentID: created},
		}
		if !slices.Equal(results, want) {
			t.Errorf("results = %+v, want %+v", results, want)
		}
		e := f.event(t, created)
		if e.Title != "API errors" || e.Description != "From alerts" || !e.System || !e.StartAt.Equal(in.StartAt) || !slices.Equal(componentIDsOf(e), []uint{1, 4}) {
			t.Errorf("system incident = %+v components %v", e, componentIDsOf(e))
		}

		// Held by a system incident of equal impact: that id, never a conflict error.
		before := f.rowCounts(t)
		results, err = s.CreateSystemEvent(f.ctx, monitor, store.NewEvent{Type: model.TypeIncident, Title: "Again", Impact: model.ImpactMajor,
			ComponentIDs: []uint{1}, StartAt: f.now}, f.now)
		if err != nil || !slices.Equal(results, []store.SystemResult{{ComponentID: 1, IncidentID: created}}) {
			t.Errorf("repeat = %+v, %v", results, err)
		}
		f.unchanged(t, before)
		_, err = s.CreateSystemEvent(f.ctx, monitor, store.NewEvent{Type: model.TypeIncident, Title: "x", Impact: 2, ComponentIDs: []uint{1, 99}, StartAt: f.now}, f.now)
		wantField(t, err, "components")
		_, err = s.CreateSystemEvent(f.ctx, monitor, store.NewEvent{Type: model.TypeIncident, Title: "x", Impact: 0, ComponentIDs: []uint{1}, StartAt: f.now}, f.now)
		wantField(t, err, "impact")
		f.unchanged(t, before)
	})
}

// TestReportComponentConcurrent fires 50 reports at once on 4 components:
// each component must end in exactly one open incident, of the highest
// impact reported for it.
func TestReportComponentConcurrent(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		highest := map[uint]model.Impact{}
		type job struct {
			component uint
			impact    model.Impact
		}
		var jobs []job
		for i := range 50 {
			j := job{component: uint(i%4) + 1, impact: model.Impact(i*7%3) + 1}
			jobs = append(jobs, j)
			highest[j.component] = max(highest[j.component], j.impact)
		}
		var wg sync.WaitGroup
		errs := make(chan error, len(jobs))
		for _, j := range jobs {
			wg.Go(func() {
				_, err := s.ReportComponent(f.ctx, monitor, store.Report{ComponentID: j.component, Impact: j.impact}, time.Now().UTC())
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("concurrent report: %v", err)
			}
		}
		for component, impact := range highest {
			open, err := s.OpenEventsForComponent(f.ctx, component, time.Now().UTC())
			if err != nil {
				t.Fatal(err)
			}
			if len(open) != 1 || open[0].Impact != impact || !open[0].System {
				t.Errorf("component %d open events = %d (first impact %v), want one of impact %v", component, len(open), impactOf(open), impact)
			}
		}
		// No two open incidents share an impact.
		byImpact := map[model.Impact]map[uint]bool{}
		for component := range highest {
			open, err := s.OpenEventsForComponent(f.ctx, component, time.Now().UTC())
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range open {
				if byImpact[e.Impact] == nil {
					byImpact[e.Impact] = map[uint]bool{}
				}
				byImpact[e.Impact][e.ID] = true
			}
		}
		for impact, ids := range byImpact {
			if len(ids) != 1 {
				t.Errorf("open incidents of impact %v = %d, want 1", impact, len(ids))
			}
		}
	})
}

func impactOf(events []*model.Event) model.Impact {
	if len(events) == 0 {
		return -1
	}
	return events[0].Impact
}
