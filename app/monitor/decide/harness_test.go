package decide_test

import (
	"context"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/monitor/decide"
	"statusdash/app/monitor/probe"
	"statusdash/app/store"
)

// locations are where the test checks run.
var locations = []string{"ams", "fra", "par"}

// harness is one check on a small catalog (ECS and RDS in EU-DE and
// EU-NL; the check watches ECS in EU-DE) and a Decider over the store.
type harness struct {
	t       *testing.T
	s       *store.Storage
	ctx     context.Context
	decider *decide.Decider
	check   *store.Check
	person  store.Actor
	// base is the first slot, an hour ago; next is the next round's number.
	base time.Time
	next int
}

const ecsEUDE, rdsEUDE = 1, 3

func newHarness(t *testing.T, s *store.Storage, def probe.Definition) *harness {
	t.Helper()
	h := &harness{t: t, s: s, ctx: context.Background(), decider: decide.New(decide.Deps{Store: s}),
		person: store.Actor{Subject: "sub-1", Name: "Ada Operator"},
		base:   time.Now().UTC().Truncate(time.Minute).Add(-time.Hour)}
	sqlDB, err := s.SQL()
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		"INSERT INTO categories (id, name, slug) VALUES (1, 'Compute', 'compute'), (2, 'Database', 'database')",
		"INSERT INTO regions (id, name, slug) VALUES (1, 'EU-DE', 'eu-de'), (2, 'EU-NL', 'eu-nl')",
		"INSERT INTO services (id, name, slug, category_id) VALUES (1, 'Elastic Cloud Server', 'ecs', 1), (2, 'Relational Database', 'rds', 2)",
		"INSERT INTO components (id, service_id, region_id) VALUES (1, 1, 1), (2, 1, 2), (3, 2, 1), (4, 2, 2)",
	} {
		if _, err := sqlDB.ExecContext(h.ctx, stmt); err != nil {
			t.Fatalf("seed catalog: %v", err)
		}
	}
	h.check, err = s.CreateCheck(h.ctx, h.person, store.NewCheck{ComponentID: ecsEUDE, Definition: def}, h.base)
	if err != nil {
		t.Fatalf("create check: %v", err)
	}
	return h
}

func (h *harness) slot(n int) time.Time {
	return h.base.Add(time.Duration(n) * h.check.Definition.Interval)
}

// now is a little after the latest round's slot.
func (h *harness) now() time.Time { return h.slot(h.next - 1).Add(5 * time.Second) }

// round writes one result per location with the outcomes (in locations'
// order) for the next slot, and decides on them.
func (h *harness) round(outcomes ...probe.Outcome) {
	h.t.Helper()
	slot := h.slot(h.next)
	h.next++
	var results []store.CheckResult
	for i, outcome := range outcomes {
		r := store.CheckResult{CheckID: h.check.ID, Location: locations[i], SlotAt: slot, StartedAt: slot.Add(time.Second), Outcome: outcome}
		if outcome != probe.OutcomeUp {
			r.Reason = "connection refused"
		}
		results = append(results, r)
	}
	h.decide(results)
}

// rounds runs the rounds of a string, one letter per round for every
// location: u up, g degraded, d down.
func (h *harness) rounds(text string) {
	h.t.Helper()
	for _, c := range text {
		outcome := map[rune]probe.Outcome{'u': probe.OutcomeUp, 'g': probe.OutcomeDegraded, 'd': probe.OutcomeDown}[c]
		h.round(outcome, outcome, outcome)
	}
}

// probeRound runs the check for real from every location and decides.
func (h *harness) probeRound() {
	h.t.Helper()
	slot := h.slot(h.next)
	h.next++
	var results []store.CheckResult
	for _, location := range locations {
		ctx, cancel := context.WithTimeout(h.ctx, 10*time.Second)
		r := probe.Run(ctx, h.check.Definition)
		cancel()
		results = append(results, store.CheckResult{CheckID: h.check.ID, Location: location, SlotAt: slot, StartedAt: r.Started,
			Outcome: r.Outcome, Latency: r.Latency, Reason: r.Reason})
	}
	h.decide(results)
}

func (h *harness) decide(results []store.CheckResult) {
	h.t.Helper()
	if err := h.s.AddCheckResults(h.ctx, results); err != nil {
		h.t.Fatalf("add results: %v", err)
	}
	if err := h.decider.DecideRounds(h.ctx, results, h.now()); err != nil {
		h.t.Fatalf("decide: %v", err)
	}
}

func (h *harness) state() store.CheckState {
	h.t.Helper()
	state, err := h.s.CheckState(h.ctx, h.check.ID)
	if err != nil {
		h.t.Fatalf("state: %v", err)
	}
	return state
}

// openIncidents are the open incidents holding the component, as the overview shows them.
func (h *harness) openIncidents(componentID uint) []*model.Event {
	h.t.Helper()
	overview, err := h.s.ReadOverview(h.ctx, h.now())
	if err != nil {
		h.t.Fatalf("overview: %v", err)
	}
	var holding []*model.Event
	for _, summary := range overview.Incidents {
		for _, c := range summary.Event.Components {
			if c.ID == componentID {
				holding = append(holding, summary.Event)
			}
		}
	}
	return holding
}

func (h *harness) event(id uint) *model.Event {
	h.t.Helper()
	e, err := h.s.ReadEvent(h.ctx, id)
	if err != nil {
		h.t.Fatalf("read event %d: %v", id, err)
	}
	return e
}

func (h *harness) downtimes() []store.CheckDowntime {
	h.t.Helper()
	downtimes, err := h.s.CheckDowntimes(h.ctx, []uint{h.check.ID})
	if err != nil {
		h.t.Fatalf("downtimes: %v", err)
	}
	return downtimes
}

func threeLocations(target string) probe.Definition {
	return probe.Definition{Kind: probe.KindHTTP, Target: target, Interval: 30 * time.Second, Timeout: 2 * time.Second, Locations: locations}
}
