package store_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

func evPtr[T any](v T) *T { return &v }

func TestCreateEvent(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		e := f.incident(t, "Disk failure", model.ImpactMajor, 1, 2, 1)
		if e.Status != model.StatusDetected || e.System || e.EndAt != nil || e.CreatedBy != "sub-1" {
			t.Errorf("event = status %q system %v end %v by %q", e.Status, e.System, e.EndAt, e.CreatedBy)
		}
		if got := componentIDsOf(e); !slices.Equal(got, []uint{1, 2}) {
			t.Errorf("components = %v, want [1 2]", got)
		}
		if c := e.Components[0]; c.Service == nil || c.Service.Name != "Elastic Cloud Server" || c.Region == nil || c.Region.Name != "EU-DE" || c.Service.Category == nil {
			t.Errorf("component 1 not loaded with service, category and region: %+v", c)
		}
		if len(e.Updates) != 1 || e.Updates[0].Status != model.StatusDetected || e.Updates[0].Author != "Ada Operator" || !e.Updates[0].At.Equal(e.StartAt) {
			t.Errorf("updates = %+v, want one detected update at the start by Ada Operator", e.Updates)
		}
		entries, total, err := s.AuditEntries(f.ctx, 1, 10)
		if err != nil || total != 1 {
			t.Fatalf("audit entries = %d, %v; want 1", total, err)
		}
		a := entries[0]
		if a.Actor != "sub-1" || a.ActorName != "Ada Operator" || a.ActorEmail != "ada@example.com" || a.Action != store.ActionEventCreate || a.Before != "" {
			t.Errorf("audit = %+v", a)
		}
		var after struct {
			Title      string `json:"title"`
			Components []uint `json:"components"`
		}
		if err := json.Unmarshal([]byte(a.After), &after); err != nil || after.Title != "Disk failure" || len(after.Components) != 2 {
			t.Errorf("audit after = %s (%v)", a.After, err)
		}
		if a.Object != "event:"+itoa(e.ID) {
			t.Errorf("audit object = %q, want event:%d", a.Object, e.ID)
		}

		m, err := s.CreateEvent(f.ctx, f.actor, store.NewEvent{Type: model.TypeMaintenance, Title: "Upgrade", ComponentIDs: []uint{1},
			StartAt: f.now.Add(time.Hour), EndAt: evPtr(f.now.Add(2 * time.Hour)), Message: "Kernel upgrade"}, f.now)
		if err != nil {
			t.Fatal(err)
		}
		if m.Status != model.StatusPlanned || lastUpdate(m).Text != "Kernel upgrade" || m.EndAt == nil {
			t.Errorf("maintenance = %+v", m)
		}
		if got := componentIDsOf(f.event(t, e.ID)); !slices.Equal(got, []uint{1, 2}) {
			t.Errorf("a maintenance took components from an incident: %v", got)
		}
	})
}

func itoa(id uint) string { return strconv.FormatUint(uint64(id), 10) }

func TestCreateIncidentTakesComponents(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		a := f.incident(t, "A", model.ImpactMinor, 1, 2)
		b := f.incident(t, "B", model.ImpactMajor, 2)
		a = f.event(t, a.ID)
		if got := componentIDsOf(a); !slices.Equal(got, []uint{1}) {
			t.Errorf("A components = %v, want [1]", got)
		}
		if !hasUpdate(a, model.StatusSystem, "Elastic Cloud Server (EU-NL) moved to <a href='/incidents/"+itoa(b.ID)+"'>B</a>") {
			t.Errorf("A updates = %+v", a.Updates)
		}
		if !hasUpdate(b, model.StatusSystem, "moved from <a href='/incidents/"+itoa(a.ID)+"'>A</a>") {
			t.Errorf("B updates = %+v", b.Updates)
		}
		if a.EndAt != nil {
			t.Error("A closed while it keeps a component")
		}
		f.incident(t, "C", model.ImpactMinor, 1)
		a = f.event(t, a.ID)
		if a.EndAt == nil || a.Status != model.StatusResolved || len(a.Components) != 0 {
			t.Errorf("emptied A = end %v status %q components %v, want closed", a.EndAt, a.Status, componentIDsOf(a))
		}
		entries, _, err := s.AuditEntries(f.ctx, 1, 50)
		if err != nil || len(entries) != 5 { // A; B and A; C and A
			t.Errorf("audit entries = %d, %v; want 5", len(entries), err)
		}
	})
}

func TestCreateEventRejects(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		f.incident(t, "Existing", model.ImpactMinor, 1)
		valid := store.NewEvent{Type: model.TypeIncident, Title: "T", Impact: model.ImpactMajor, ComponentIDs: []uint{1}, StartAt: f.now}
		tests := []struct {
			name   string
			change func(*store.NewEvent)
			field  string
		}{
			{"unknown component", func(e *store.NewEvent) { e.ComponentIDs = []uint{1, 99} }, "components"},
			{"title too long", func(e *store.NewEvent) { e.Title = strings.Repeat("x", 201) }, "title"},
			{"impact 0 for incident", func(e *store.NewEvent) { e.Impact = 0 }, "impact"},
			{"start in the future", func(e *store.NewEvent) { e.StartAt = f.now.Add(time.Hour) }, "start_date"},
			{"maintenance end before start", func(e *store.NewEvent) {
				e.Type, e.Impact, e.EndAt = model.TypeMaintenance, 0, evPtr(f.now.Add(-time.Hour))
			}, "end_date"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := f.rowCounts(t)
				in := valid
				tt.change(&in)
				_, err := s.CreateEvent(f.ctx, f.actor, in, f.now)
				wantField(t, err, tt.field)
				f.unchanged(t, before)
			})
		}
	})
}

func TestAddUpdate(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		e := f.incident(t, "Disk", model.ImpactMinor, 1)
		at := f.now.Add(-30 * time.Minute)
		steps := []struct {
			name    string
			update  store.NewUpdate
			field   string // expected validation error, "" for success
			wantEnd *time.Time
			impact  model.Impact
		}{
			{"analysing", store.NewUpdate{Status: "analysing", Message: "Looking", At: at}, "", nil, 1},
			{"impact needs impact changed", store.NewUpdate{Status: "fixing", Message: "x", At: at, Impact: evPtr(model.ImpactOutage)}, "impact", nil, 1},
			{"impact changed", store.NewUpdate{Status: "impact changed", Message: "Worse", At: at, Impact: evPtr(model.ImpactOutage)}, "", nil, 3},
			{"before previous update", store.NewUpdate{Status: "fixing", Message: "x", At: at.Add(-10 * time.Minute)}, "update_date", nil, 3},
			{"in the future", store.NewUpdate{Status: "fixing", Message: "x", At: f.now.Add(time.Hour)}, "update_date", nil, 3},
			{"reopened on an open incident", store.NewUpdate{Status: "reopened", Message: "x", At: f.now}, "status", nil, 3},
			{"resolved", store.NewUpdate{Status: "resolved", Message: "Fixed", At: f.now.Add(-10 * time.Minute)}, "", evPtr(f.now.Add(-10 * time.Minute)), 3},
			{"fixing on a closed incident", store.NewUpdate{Status: "fixing", Message: "x", At: f.now}, "status", evPtr(f.now.Add(-10 * time.Minute)), 3},
			{"changed", store.NewUpdate{Status: "changed", Message: "End corrected", At: f.now, EndAt: evPtr(f.now.Add(-20 * time.Minute))}, "", evPtr(f.now.Add(-20 * time.Minute)), 3},
			{"reopened", store.NewUpdate{Status: "reopened", Message: "Again", At: f.now}, "", nil, 3},
		}
		for _, step := range steps {
			before := f.rowCounts(t)
			got, err := s.AddUpdate(f.ctx, f.actor, e.ID, step.update, f.now)
			if step.field != "" {
				wantField(t, err, step.field)
				f.unchanged(t, before)
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", step.name, err)
			}
			if (got.EndAt == nil) != (step.wantEnd == nil) || (got.EndAt != nil && !got.EndAt.Equal(*step.wantEnd)) {
				t.Errorf("%s: end = %v, want %v", step.name, got.EndAt, step.wantEnd)
			}
			if got.Impact != step.impact || got.Status != step.update.Status || lastUpdate(got).Text != step.update.Message {
				t.Errorf("%s: impact %v status %q last update %+v", step.name, got.Impact, got.Status, lastUpdate(got))
			}
		}
		_, err := s.AddUpdate(f.ctx, f.actor, 999, store.NewUpdate{Status: "fixing", Message: "x", At: f.now}, f.now)
		wantNotFound(t, err)
	})
}

func TestPersonUpdateClearsSystem(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		r, err := s.ReportComponent(f.ctx, f.actor, store.Report{ComponentID: 1, Impact: model.ImpactMinor}, f.now)
		if err != nil || !r.Event.System {
			t.Fatalf("report = %+v, %v; want a system incident", r, err)
		}
		e, err := s.AddUpdate(f.ctx, f.actor, r.Event.ID, store.NewUpdate{Status: "analysing", Message: "On it", At: f.now}, f.now)
		if err != nil || e.System {
			t.Fatalf("after a person's update system = %v (%v), want false", e.System, err)
		}
	})
}

func TestMaintenanceUpdates(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		m, err := s.CreateEvent(f.ctx, f.actor, store.NewEvent{Type: model.TypeMaintenance, Title: "Upgrade", ComponentIDs: []uint{1},
			StartAt: f.now.Add(-time.Hour), EndAt: evPtr(f.now.Add(time.Hour))}, f.now)
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.AddUpdate(f.ctx, f.actor, m.ID, store.NewUpdate{Status: "resolved", Message: "x", At: f.now}, f.now)
		wantField(t, err, "status")
		m, err = s.AddUpdate(f.ctx, f.actor, m.ID, store.NewUpdate{Status: "completed", Message: "Done early", At: f.now}, f.now)
		if err != nil || m.EndAt == nil || !m.EndAt.Equal(f.now) || m.Status != model.StatusCompleted {
			t.Errorf("completed maintenance = end %v status %q (%v), want ended now", m.EndAt, m.Status, err)
		}
	})
}

func TestEditEventAndUpdateText(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		e := f.incident(t, "Disk", model.ImpactMinor, 1)
		edited, err := s.EditEvent(f.ctx, f.actor, e.ID, store.EventEdit{Title: evPtr("Disk array"), Description: evPtr("**bold**"),
			StartAt: evPtr(f.now.Add(-2 * time.Hour))}, f.now)
		if err != nil || edited.Title != "Disk array" || edited.Description != "**bold**" || !edited.StartAt.Equal(f.now.Add(-2*time.Hour)) {
			t.Fatalf("edited = %+v, %v", edited, err)
		}
		before := f.rowCounts(t)
		_, err = s.EditEvent(f.ctx, f.actor, e.ID, store.EventEdit{Title: evPtr("")}, f.now)
		wantField(t, err, "title")
		_, err = s.EditEvent(f.ctx, f.actor, e.ID, store.EventEdit{EndAt: evPtr(f.now)}, f.now)
		wantField(t, err, "end_date")
		f.unchanged(t, before)
		_, err = s.EditEvent(f.ctx, f.actor, 999, store.EventEdit{Title: evPtr("x")}, f.now)
		wantNotFound(t, err)

		update, err := s.EditUpdateText(f.ctx, f.actor, e.ID, 0, "Corrected text", f.now)
		if err != nil || update.Text != "Corrected text" || update.Status != model.StatusDetected {
			t.Fatalf("edited update = %+v, %v", update, err)
		}
		if got := f.event(t, e.ID).Updates[0].Text; got != "Corrected text" {
			t.Errorf("stored text = %q", got)
		}
		before = f.rowCounts(t)
		_, err = s.EditUpdateText(f.ctx, f.actor, e.ID, 1, "x", f.now)
		wantNotFound(t, err)
		_, err = s.EditUpdateText(f.ctx, f.actor, e.ID, -1, "x", f.now)
		wantNotFound(t, err)
		_, err = s.EditUpdateText(f.ctx, f.actor, e.ID, 0, " ", f.now)
		wantField(t, err, "text")
		f.unchanged(t, before)
		entries, _, _ := s.AuditEntries(f.ctx, 1, 1)
		if entries[0].Action != store.ActionEventUpdateText || !strings.Contains(entries[0].Before, "We are investigating") || !strings.Contains(entries[0].After, "Corrected text") {
			t.Errorf("audit = %+v", entries[0])
		}
	})
}

func TestExtractComponents(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		e := f.incident(t, "Network", model.ImpactMajor, 1, 2, 3)
		before := f.rowCounts(t)
		for name, ids := range map[string][]uint{"none": nil, "all": {1, 2, 3}, "not in event": {4}, "unknown": {99}} {
			_, err := s.ExtractComponents(f.ctx, f.actor, e.ID, ids, f.now)
			if _, ok := store.AsValidation(err); !ok {
				t.Errorf("extract %s: error = %v, want a validation error", name, err)
			}
		}
		f.unchanged(t, before)
		_, err := s.ExtractComponents(f.ctx, f.actor, 999, []uint{1}, f.now)
		wantNotFound(t, err)

		n, err := s.ExtractComponents(f.ctx, f.actor, e.ID, []uint{2, 3}, f.now)
		if err != nil {
			t.Fatal(err)
		}
		if n.Title != "Network" || n.Impact != model.ImpactMajor || n.ID == e.ID || !slices.Equal(componentIDsOf(n), []uint{2, 3}) || n.EndAt != nil {
			t.Errorf("extracted = %+v components %v", n, componentIDsOf(n))
		}
		old := f.event(t, e.ID)
		if !slices.Equal(componentIDsOf(old), []uint{1}) || old.EndAt != nil {
			t.Errorf("old components = %v end %v, want [1] and open", componentIDsOf(old), old.EndAt)
		}
		if !hasUpdate(old, model.StatusSystem, "Relational Database (EU-DE) moved to <a href='/incidents/"+itoa(n.ID)+"'>Network</a>") ||
			!hasUpdate(n, model.StatusSystem, "moved from <a href='/incidents/"+itoa(e.ID)+"'>Network</a>") {
			t.Errorf("updates old %+v new %+v", old.Updates, n.Updates)
		}
	})
}

// TestReportLookup checks how a report's component is found: by id, or by
// its service's name and a subset of its attributes (API.md).
func TestReportLookup(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		tests := []struct {
			report store.Report
			want   []uint
		}{
			{store.Report{Name: "Elastic Cloud Server"}, []uint{1, 2}},
			{store.Report{Name: "Elastic Cloud Server", Attributes: []store.ComponentAttribute{{Name: "region", Value: "EU-NL"}}}, []uint{2}},
			{store.Report{Name: "Elastic Cloud Server", Attributes: []store.ComponentAttribute{{Name: "region", Value: "eu-de"}, {Name: "category", Value: "Compute"}, {Name: "type", Value: "ecs"}}}, []uint{1}},
			{store.Report{Name: "Elastic Cloud Server", Attributes: []store.ComponentAttribute{{Name: "type", Value: "rds"}}}, nil},
			{store.Report{Name: "Elastic Cloud Server", Attributes: []store.ComponentAttribute{{Name: "colour", Value: "red"}}}, nil},
			{store.Report{Name: "Nothing"}, nil},
			{store.Report{ComponentID: 3}, []uint{3}},
			{store.Report{ComponentID: 99}, nil},
		}
		for _, tt := range tests {
			got, _, _, _, err := store.ReportTargetsForTest(f.ctx, s, tt.report)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("find %+v = %v, want %v", tt.report, got, tt.want)
			}
		}
		// What a report is answered when the lookup does not find one component.
		_, err := s.ReportComponent(f.ctx, monitor, store.Report{Name: "Nothing", Impact: model.ImpactMinor}, f.now)
		wantNotFound(t, err)
		_, err = s.ReportComponent(f.ctx, monitor, store.Report{ComponentID: 99, Impact: model.ImpactMinor}, f.now)
		wantNotFound(t, err)
		r, err := s.ReportComponent(f.ctx, monitor, store.Report{Name: "Elastic Cloud Server",
			Attributes: []store.ComponentAttribute{{Name: "region", Value: "EU-NL"}}, Impact: model.ImpactMinor}, f.now)
		if err != nil {
			t.Fatal(err)
		}
		if c := r.Component; c.ID != 2 || c.Service == nil || c.Service.Name != "Elastic Cloud Server" || c.Service.Category == nil || c.Region == nil || c.Region.Name != "EU-NL" {
			t.Errorf("reported component = %+v, want component 2 with its service, category and region", c)
		}
		_, err = s.ReportComponent(f.ctx, monitor, store.Report{Name: "Elastic Cloud Server", Impact: model.ImpactMinor}, f.now)
		var ambiguous *store.AmbiguousComponentError
		if !errors.As(err, &ambiguous) || ambiguous.Matches != 2 {
			t.Errorf("report naming two components: error %v, want an AmbiguousComponentError for 2", err)
		}
	})
}

// TestReportLookupReadsHeld checks that on PostgreSQL the lookup of a
// report's component also reads the unfinished events holding it, with
// their component counts, and leaves out finished ones.
func TestReportLookupReadsHeld(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		over := f.incident(t, "Over", model.ImpactMinor, 1)
		if _, err := s.AddUpdate(f.ctx, f.actor, over.ID, store.NewUpdate{Status: "resolved", Message: "Fixed", At: f.now}, f.now); err != nil {
			t.Fatal(err)
		}
		window := f.maintenance(t, -time.Hour, time.Hour) // component 1
		person := f.incident(t, "Person", model.ImpactMajor, 1, 2)
		onPostgres := s.Dialect() == store.Postgres
		tests := []struct {
			report     store.Report
			wantIDs    []uint
			wantCounts []int
		}{
			{store.Report{Name: "Elastic Cloud Server", Attributes: []store.ComponentAttribute{{Name: "region", Value: "EU-DE"}}}, []uint{window.ID, person.ID}, []int{1, 2}},
			{store.Report{Name: "Elastic Cloud Server", Attributes: []store.ComponentAttribute{{Name: "region", Value: "EU-NL"}}}, []uint{person.ID}, []int{2}},
			{store.Report{ComponentID: 1}, []uint{window.ID, person.ID}, []int{1, 2}},
		}
		for _, tt := range tests {
			found, held, counts, read, err := store.ReportTargetsForTest(f.ctx, s, tt.report)
			if err != nil || len(found) != 1 {
				t.Fatalf("%+v: found %v, %v; want 1", tt.report, found, err)
			}
			if read != onPostgres {
				t.Fatalf("%+v: held events read = %v, want %v", tt.report, read, onPostgres)
			}
			if !read {
				continue
			}
			if !slices.Equal(held[0], tt.wantIDs) || !slices.Equal(counts[0], tt.wantCounts) {
				t.Errorf("%+v: held %v with counts %v, want %v with %v", tt.report, held[0], counts[0], tt.wantIDs, tt.wantCounts)
			}
		}
	})
}
