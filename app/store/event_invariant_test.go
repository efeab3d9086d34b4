package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"statusdash/app/incident"
	"statusdash/app/model"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// TestOpenIncidentInvariants runs every event write path, in the sequences
// the issue found broken and then in a long random walk, and checks after
// each step that no component is in two open incidents and that no open
// incident is without components. The writes are the store methods each
// entry point calls: v1 reports (alone and batched), v2 person and system
// incidents, PATCH updates (impact changed, resolved, reopened, changed,
// and the rest), extract, the operator forms (the same methods, plus edits
// of an event and of an update's text, maintenance windows and notices),
// and the maintenance schedule.
//
// One exception is the stackmon v1 rule 2 (API.md): a report of a higher
// impact than the persons' open incidents holding its component leaves
// them as they are and puts the component in a system incident as well.
// The walk allows a component one more open incident for each v1 report
// that did so, until the component leaves one of them: no other write may
// ever add a second open incident to a component.
func TestOpenIncidentInvariants(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		f.moreComponents(t)
		w := &invariantWalk{t: t, f: f, now: f.now, random: rand.New(rand.NewPCG(10, 2026)), allowed: map[uint]int{}}

		// Reopening an incident whose component joined another open
		// incident: a person's, then a system incident of a v1 report.
		a := w.create("A", model.ImpactMinor, 1)
		w.update(a, store.NewUpdate{Status: model.StatusResolved, Message: "Fixed"}, nil)
		b := w.create("B", model.ImpactMajor, 1)
		w.update(a, store.NewUpdate{Status: model.StatusReopened, Message: "Again"}, &b)
		w.update(b, store.NewUpdate{Status: model.StatusResolved, Message: "Fixed"}, nil)
		system := w.report(1, model.ImpactMinor).Event.ID
		w.update(a, store.NewUpdate{Status: model.StatusReopened, Message: "Again"}, &system)
		w.update(system, store.NewUpdate{Status: model.StatusResolved, Message: "Fixed"}, nil)
		// Reopening an incident a move emptied: by a person's incident,
		// by extract, by a v1 report moving the component up.
		c := w.create("C", model.ImpactMinor, 2)
		w.create("D", model.ImpactMinor, 2)
		none := uint(0)
		w.update(c, store.NewUpdate{Status: model.StatusReopened, Message: "Again"}, &none)
		e := w.create("E", model.ImpactMinor, 3, 4)
		w.update(e, store.NewUpdate{Status: model.StatusResolved, Message: "Fixed"}, nil)
		extracted := w.extract(e, 4)
		w.update(e, store.NewUpdate{Status: model.StatusReopened, Message: "Again"}, nil) // 3 is free
		w.update(e, store.NewUpdate{Status: model.StatusResolved, Message: "Fixed"}, nil)
		w.update(extracted, store.NewUpdate{Status: model.StatusReopened, Message: "Again"}, nil)
		alone := w.report(5, model.ImpactMinor).Event.ID
		w.report(6, model.ImpactMinor) // joins
		w.report(5, model.ImpactMajor) // moves to a new incident
		w.report(6, model.ImpactMajor) // moves there too: alone is closed, empty
		w.update(alone, store.NewUpdate{Status: model.StatusReopened, Message: "Again"}, &none)

		for range 250 {
			w.randomStep()
		}
		t.Logf("%d steps, %d refused reopens, %d rule-2 exceptions", w.step, w.refused, w.exceptions)
		if w.refused == 0 || w.exceptions == 0 {
			t.Errorf("the walk met %d refused reopens and %d rule-2 exceptions; want some of each, or it tests less than it says", w.refused, w.exceptions)
		}
	})
}

// invariantWalk writes events one step at a time and checks the open
// incidents after each.
type invariantWalk struct {
	t      *testing.T
	f      *eventFixture
	now    time.Time
	random *rand.Rand
	step   int
	what   string
	// allowed is how many open incidents rule 2 lets a component be in,
	// when more than one.
	allowed             map[uint]int
	refused, exceptions int
}

var componentNames = map[uint][2]string{
	1: {"Elastic Cloud Server", "EU-DE"}, 2: {"Elastic Cloud Server", "EU-NL"}, 3: {"Relational Database", "EU-DE"}, 4: {"Relational Database", "EU-NL"},
	5: {"Elastic Cloud Server", "EU-CH"}, 6: {"Elastic Cloud Server", "EU-FR"}, 7: {"Relational Database", "EU-CH"}, 8: {"Relational Database", "EU-FR"},
}

// begin starts a step: the clock moves on a minute.
func (w *invariantWalk) begin(format string, args ...any) {
	w.step++
	w.now = w.now.Add(time.Minute)
	w.what = fmt.Sprintf(format, args...)
}

// holding lists each component's open incidents, and the open incidents
// without components (under component 0), as the database has them.
func (w *invariantWalk) holding() map[uint][]model.Event {
	w.t.Helper()
	var rows []struct {
		ID          uint
		System      bool
		ComponentID *uint
	}
	err := store.GormForTest(w.f.s).Table("events").Select("events.id, events.system, event_components.component_id").
		Joins("LEFT JOIN event_components ON event_components.event_id = events.id").
		Where("events.type = ? AND events.end_at IS NULL", model.TypeIncident).Order("events.id").Scan(&rows).Error
	if err != nil {
		w.t.Fatal(err)
	}
	held := map[uint][]model.Event{}
	for _, row := range rows {
		component := uint(0)
		if row.ComponentID != nil {
			component = *row.ComponentID
		}
		held[component] = append(held[component], model.Event{ID: row.ID, System: row.System})
	}
	return held
}

// check fails the test when the open incidents break a rule.
func (w *invariantWalk) check() {
	w.t.Helper()
	held := w.holding()
	if empty := held[0]; len(empty) > 0 {
		w.t.Fatalf("step %d (%s): open incident %d holds no component", w.step, w.what, empty[0].ID)
	}
	for component, events := range held {
		if component != 0 && len(events) > max(w.allowed[component], 1) {
			ids := make([]uint, len(events))
			for i, e := range events {
				ids[i] = e.ID
			}
			w.t.Fatalf("step %d (%s): component %d is in open incidents %v", w.step, w.what, component, ids)
		}
	}
	for component, allowed := range w.allowed {
		if allowed = min(allowed, len(held[component])); allowed > 1 {
			w.allowed[component] = allowed
		} else {
			delete(w.allowed, component)
		}
	}
}

// heldByPerson says whether a person's open incident holds the component.
func heldByPerson(held map[uint][]model.Event, component uint) bool {
	return slices.ContainsFunc(held[component], func(e model.Event) bool { return !e.System })
}

// reported records the rule 2 exceptions that the reports on the
// components made, from the open incidents before them.
func (w *invariantWalk) reported(before map[uint][]model.Event, components ...uint) {
	after := w.holding()
	for _, component := range uniqueComponents(components) {
		if heldByPerson(before, component) && len(after[component]) == len(before[component])+1 {
			w.allowed[component] = len(after[component])
			w.exceptions++
		}
	}
}

func uniqueComponents(components []uint) []uint {
	unique := slices.Clone(components)
	slices.Sort(unique)
	return slices.Compact(unique)
}

// fail ends the test on an error no step should meet; a refusal by the
// rules (a validation or a conflict) is a step that wrote nothing.
func (w *invariantWalk) fail(err error) bool {
	w.t.Helper()
	var conflict *store.ConflictError
	if _, invalid := store.AsValidation(err); err == nil || invalid || errors.As(err, &conflict) {
		return err != nil
	}
	w.t.Fatalf("step %d (%s): %v", w.step, w.what, err)
	return true
}

func (w *invariantWalk) create(title string, impact model.Impact, components ...uint) uint {
	w.t.Helper()
	w.begin("a person opens %q on %v", title, components)
	e, err := w.f.s.CreateEvent(w.f.ctx, w.f.actor, store.NewEvent{Type: model.TypeIncident, Title: title, Impact: impact,
		ComponentIDs: components, StartAt: w.now.Add(-5 * time.Minute)}, w.now)
	if err != nil {
		w.t.Fatalf("step %d (%s): %v", w.step, w.what, err)
	}
	w.check()
	return e.ID
}

// update posts the update; with refusedBy it must be refused as a
// conflict with that incident (0: none).
func (w *invariantWalk) update(id uint, in store.NewUpdate, refusedBy *uint) {
	w.t.Helper()
	w.begin("%s on event %d", in.Status, id)
	in.At = w.now
	_, err := w.f.s.AddUpdate(w.f.ctx, w.f.actor, id, in, w.now)
	var conflict *store.ConflictError
	switch {
	case refusedBy == nil && err != nil:
		w.t.Fatalf("step %d (%s): %v", w.step, w.what, err)
	case refusedBy != nil && (!errors.As(err, &conflict) || !errors.Is(err, store.ErrConflict) || conflict.EventID != *refusedBy || conflict.Field != "status"):
		w.t.Fatalf("step %d (%s): error %v, want a conflict on status with incident %d", w.step, w.what, err, *refusedBy)
	}
	w.check()
}

func (w *invariantWalk) extract(id uint, components ...uint) uint {
	w.t.Helper()
	w.begin("extract %v from event %d", components, id)
	e, err := w.f.s.ExtractComponents(w.f.ctx, w.f.actor, id, components, w.now)
	if err != nil {
		w.t.Fatalf("step %d (%s): %v", w.step, w.what, err)
	}
	w.check()
	return e.ID
}

// report sends a v1 report, naming the component as v1 does.
func (w *invariantWalk) report(component uint, impact model.Impact) *store.ReportResult {
	w.t.Helper()
	w.begin("v1 report on component %d, impact %d", component, impact)
	before := w.holding()
	name := componentNames[component]
	r, err := w.f.s.ReportComponent(w.f.ctx, monitor, store.Report{Name: name[0],
		Attributes: []store.ComponentAttribute{{Name: "region", Value: name[1]}}, Impact: impact}, w.now)
	if err != nil {
		w.t.Fatalf("step %d (%s): %v", w.step, w.what, err)
	}
	w.reported(before, component)
	w.check()
	return r
}

// eventIDs lists the events' ids; with twoComponents, only the incidents
// holding two components or more.
func (w *invariantWalk) eventIDs(twoComponents bool) []uint {
	w.t.Helper()
	query := store.GormForTest(w.f.s).Table("events").Order("id")
	if twoComponents {
		query = query.Where("type = ? AND id IN (?)", model.TypeIncident, store.GormForTest(w.f.s).Table("event_components").
			Select("event_id").Group("event_id").Having("COUNT(*) >= 2"))
	}
	var ids []uint
	if err := query.Pluck("id", &ids).Error; err != nil {
		w.t.Fatal(err)
	}
	return ids
}

// pick reads one of the events, chosen at random; nil when there is none.
func (w *invariantWalk) pick(ids []uint) *model.Event {
	w.t.Helper()
	if len(ids) == 0 {
		return nil
	}
	return w.f.event(w.t, ids[w.random.IntN(len(ids))])
}

// components picks one to three distinct components.
func (w *invariantWalk) components() []uint {
	picked := []uint{}
	for range 1 + w.random.IntN(3) {
		if c := uint(1 + w.random.IntN(8)); !slices.Contains(picked, c) {
			picked = append(picked, c)
		}
	}
	return picked
}

func (w *invariantWalk) impact() model.Impact { return model.Impact(1 + w.random.IntN(3)) }

// randomStep takes one write path at random, with random input; the rules
// may refuse it.
func (w *invariantWalk) randomStep() {
	w.t.Helper()
	ctx, s := w.f.ctx, w.f.s
	switch n := w.random.IntN(100); {
	case n < 25:
		w.report(uint(1+w.random.IntN(8)), w.impact())
		return
	case n < 33:
		reports := make([]store.BatchedReport, 2+w.random.IntN(4))
		components := make([]uint, len(reports))
		for i := range reports {
			components[i] = uint(1 + w.random.IntN(8))
			reports[i] = store.BatchedReport{Ctx: ctx, Report: store.Report{ComponentID: components[i], Impact: w.impact()}}
		}
		w.begin("a batch of v1 reports on %v", components)
		before := w.holding()
		for _, err := range store.WriteReportBatchAnswersForTest(s, monitor, reports, w.now) {
			w.fail(err.Err)
		}
		w.reported(before, components...)
	case n < 41:
		components := w.components()
		w.begin("a person opens an incident on %v (v2 POST or the form)", components)
		_, err := s.CreateEvent(ctx, w.f.actor, store.NewEvent{Type: model.TypeIncident, Title: "Person", Impact: w.impact(),
			ComponentIDs: components, StartAt: w.now.Add(-time.Duration(w.random.IntN(30)) * time.Minute)}, w.now)
		w.fail(err)
	case n < 48:
		components := w.components()
		w.begin("v2 system incident on %v", components)
		_, err := s.CreateSystemEvent(ctx, monitor, store.NewEvent{Type: model.TypeIncident, Title: "System", Impact: w.impact(),
			ComponentIDs: components, StartAt: w.now}, w.now)
		w.fail(err)
	case n < 53:
		start := w.now.Add(time.Duration(w.random.IntN(40)-20) * time.Minute)
		end := start.Add(time.Duration(5+w.random.IntN(40)) * time.Minute)
		kind := []model.EventType{model.TypeMaintenance, model.TypeInfo}[w.random.IntN(2)]
		w.begin("a person schedules %s from %s", kind, start.Format(time.TimeOnly))
		_, err := s.CreateEvent(ctx, w.f.actor, store.NewEvent{Type: kind, Title: "Window", ComponentIDs: w.components(),
			StartAt: start, EndAt: &end}, w.now)
		w.fail(err)
	case n < 80:
		e := w.pick(w.eventIDs(false))
		if e == nil {
			return
		}
		statuses := incident.Statuses(e)
		if len(statuses) == 0 {
			return
		}
		in := store.NewUpdate{Status: statuses[w.random.IntN(len(statuses))], Message: "Update"}
		switch in.Status {
		case model.StatusImpactChanged:
			impact := w.impact()
			in.Impact = &impact
		case model.StatusChanged:
			end := w.now
			in.EndAt = &end
		}
		w.begin("%s on event %d (v2 PATCH or the form)", in.Status, e.ID)
		in.At = w.now
		_, err := s.AddUpdate(ctx, w.f.actor, e.ID, in, w.now)
		var conflict *store.ConflictError
		if errors.As(err, &conflict) {
			w.refused++
		}
		w.fail(err)
	case n < 87:
		e := w.pick(w.eventIDs(true))
		if e == nil {
			return
		}
		moving := []uint{e.Components[w.random.IntN(len(e.Components))].ID}
		w.begin("extract %v from event %d (v2 or the form)", moving, e.ID)
		_, err := s.ExtractComponents(ctx, w.f.actor, e.ID, moving, w.now)
		w.fail(err)
	case n < 91:
		e := w.pick(w.eventIDs(false))
		if e == nil {
			return
		}
		w.begin("edit event %d", e.ID)
		title := fmt.Sprintf("Edited %d", w.step)
		_, err := s.EditEvent(ctx, w.f.actor, e.ID, store.EventEdit{Title: &title}, w.now)
		w.fail(err)
	case n < 94:
		e := w.pick(w.eventIDs(false))
		if e == nil {
			return
		}
		w.begin("edit the text of event %d's first update", e.ID)
		_, err := s.EditUpdateText(ctx, w.f.actor, e.ID, 0, strings.Repeat("Edited ", 1+w.random.IntN(3)), w.now)
		w.fail(err)
	default:
		w.begin("the maintenance schedule runs")
		_, err := s.AdvanceMaintenance(context.WithoutCancel(ctx), w.now)
		w.fail(err)
	}
	w.check()
}
