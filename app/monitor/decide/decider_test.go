package decide_test

import (
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"statusdash/app/markdown"
	"statusdash/app/model"
	"statusdash/app/monitor/decide"
	"statusdash/app/monitor/probe"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// target is an HTTP server on loopback that can be taken down and brought
// up again on the same address.
type target struct {
	t       *testing.T
	address string
	server  *http.Server
}

func startTarget(t *testing.T) *target {
	t.Helper()
	tg := &target{t: t}
	tg.up()
	t.Cleanup(tg.down)
	return tg
}

func (tg *target) url() string { return "http://" + tg.address + "/health" }

func (tg *target) up() {
	tg.t.Helper()
	address := tg.address
	if address == "" {
		address = "127.0.0.1:0"
	}
	listener, err := net.Listen("tcp", address)
	if err != nil {
		tg.t.Fatalf("listen on %s: %v", address, err)
	}
	tg.address = listener.Addr().String()
	tg.server = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) }),
		ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = tg.server.Serve(listener) }()
}

func (tg *target) down() {
	if tg.server != nil {
		_ = tg.server.Close()
		tg.server = nil
	}
}

// A target down for N rounds opens a system incident on its component,
// shown on the overview; back for M rounds, the incident is resolved with
// the update that says so, and the downtime has both its times.
func TestTargetDownOpensAndBackResolves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		tg := startTarget(t)
		h := newHarness(t, s, threeLocations(tg.url()))
		h.probeRound()
		tg.down()
		h.probeRound()
		h.probeRound()
		if open := h.openIncidents(ecsEUDE); len(open) != 0 {
			t.Fatalf("after 2 failed rounds: %d open incidents, want none", len(open))
		}
		h.probeRound()
		open := h.openIncidents(ecsEUDE)
		if len(open) != 1 || !open[0].System || open[0].Impact != model.ImpactOutage ||
			open[0].Title != "Elastic Cloud Server in EU-DE: HTTP check failing" {
			t.Fatalf("after 3 failed rounds: open incidents %+v, want one system outage titled for the check", open)
		}
		incidentID := open[0].ID
		if state := h.state(); state.Status != probe.OutcomeDown || state.IncidentID != incidentID {
			t.Fatalf("state %+v, want down in incident %d", state, incidentID)
		}
		tg.up()
		since := h.slot(h.next)
		h.probeRound()
		if len(h.openIncidents(ecsEUDE)) != 1 {
			t.Fatalf("after 1 good round the incident closed, want it open")
		}
		h.probeRound()
		if open := h.openIncidents(ecsEUDE); len(open) != 0 {
			t.Fatalf("after 2 good rounds: %d open incidents, want none", len(open))
		}
		e := h.event(incidentID)
		last := e.Updates[len(e.Updates)-1]
		want := "Resolved automatically: the HTTP check of " + markdown.EscapeText(tg.url()) + " succeeded from 3 of 3 locations since " + since.Format("15:04") + " UTC"
		if e.EndAt == nil || e.Status != model.StatusResolved || last.Status != model.StatusResolved || last.Text != want || last.Author != "Monitoring" {
			t.Errorf("event %+v, last update %+v; want resolved with %q by Monitoring", e, last, want)
		}
		if state := h.state(); state.Status != probe.OutcomeUp || state.IncidentID != 0 {
			t.Errorf("state %+v, want up with no incident", state)
		}
		downtimes := h.downtimes()
		if len(downtimes) != 1 || downtimes[0].UpDetectedAt.IsZero() || !downtimes[0].DownDetectedAt.Before(downtimes[0].UpDetectedAt) ||
			!strings.Contains(downtimes[0].Description, tg.url()) {
			t.Errorf("downtimes %+v, want one, closed, describing the check", downtimes)
		}
		entries, _, err := s.AuditEntries(h.ctx, 1, 1)
		if err != nil || len(entries) != 1 || entries[0].Action != store.ActionEventRecover || entries[0].Actor != "monitor" {
			t.Errorf("newest audit entry %+v (%v), want the recovery by monitor", entries, err)
		}
	})
}

// The quorum: one location of three failing opens nothing, round after round.
func TestOneLocationOfThreeOpensNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s, threeLocations("https://example.org/health"))
		for range 5 {
			h.round(probe.OutcomeDown, probe.OutcomeUp, probe.OutcomeUp)
		}
		if open := h.openIncidents(ecsEUDE); len(open) != 0 {
			t.Errorf("%d open incidents, want none", len(open))
		}
		if state := h.state(); state.Status != probe.OutcomeUp || state.Successes != 5 {
			t.Errorf("state %+v, want up after 5 good rounds", state)
		}
		// Two of three count.
		for range 3 {
			h.round(probe.OutcomeDown, probe.OutcomeDegraded, probe.OutcomeUp)
		}
		open := h.openIncidents(ecsEUDE)
		if len(open) != 1 || open[0].Impact != model.ImpactMinor {
			t.Errorf("open incidents %+v, want one of minor impact (down and degraded fail as degraded)", open)
		}
	})
}

// A component in maintenance gets no incident; the results stay, the
// state and the downtime follow the target.
func TestMaintenanceOpensNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s, threeLocations("https://example.org/health"))
		end := time.Now().Add(time.Hour)
		if _, err := s.CreateEvent(h.ctx, h.person, store.NewEvent{Type: model.TypeMaintenance, Title: "Upgrade", ComponentIDs: []uint{ecsEUDE},
			StartAt: h.base.Add(-time.Minute), EndAt: &end}, h.base); err != nil {
			t.Fatal(err)
		}
		h.rounds("dddd")
		if open := h.openIncidents(ecsEUDE); len(open) != 0 {
			t.Errorf("%d open incidents, want none in maintenance", len(open))
		}
		results, err := s.CheckResults(h.ctx, h.check.ID, time.Time{}, 0)
		if err != nil || len(results) != 12 {
			t.Errorf("%d results (%v), want 12 kept", len(results), err)
		}
		if state := h.state(); state.Status != probe.OutcomeDown || state.IncidentID != 0 {
			t.Errorf("state %+v, want down with no incident", state)
		}
		if downtimes := h.downtimes(); len(downtimes) != 1 || !downtimes[0].UpDetectedAt.IsZero() {
			t.Errorf("downtimes %+v, want one open", downtimes)
		}
	})
}

// A person's incident holding the component, whatever its impact, is
// never touched: not by the failures, not by the recovery; and no system
// incident opens beside it.
func TestPersonsIncidentIsLeftAlone(t *testing.T) {
	for _, impact := range []model.Impact{model.ImpactMinor, model.ImpactOutage} {
		t.Run(impact.String(), func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, s *store.Storage) {
				h := newHarness(t, s, threeLocations("https://example.org/health"))
				person, err := s.CreateEvent(h.ctx, h.person, store.NewEvent{Type: model.TypeIncident, Title: "ECS is slow", Impact: impact,
					ComponentIDs: []uint{ecsEUDE}, StartAt: h.base.Add(-time.Minute)}, h.base)
				if err != nil {
					t.Fatal(err)
				}
				h.rounds("ddddd")
				if open := h.openIncidents(ecsEUDE); len(open) != 1 || open[0].ID != person.ID {
					t.Errorf("while down: open incidents %+v, want the person's alone", open)
				}
				h.rounds("uuu")
				e := h.event(person.ID)
				if e.EndAt != nil || e.System || e.Impact != impact || len(e.Updates) != 1 || len(e.Components) != 1 {
					t.Errorf("person's incident %+v, want it as it was", e)
				}
				if open := h.openIncidents(ecsEUDE); len(open) != 1 || open[0].ID != person.ID {
					t.Errorf("open incidents %+v, want the person's alone", open)
				}
			})
		})
	}
}

// Once a person takes monitoring's incident over (an update of theirs
// clears System), the recovery leaves it to them.
func TestIncidentTakenOverIsLeftToThePerson(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s, threeLocations("https://example.org/health"))
		h.rounds("ddd")
		open := h.openIncidents(ecsEUDE)
		if len(open) != 1 {
			t.Fatalf("%d open incidents, want one", len(open))
		}
		if _, err := s.AddUpdate(h.ctx, h.person, open[0].ID, store.NewUpdate{Status: model.StatusAnalysing, Message: "Looking.",
			At: h.now()}, h.now()); err != nil {
			t.Fatal(err)
		}
		h.rounds("uu")
		e := h.event(open[0].ID)
		if e.EndAt != nil || e.System || e.Status != model.StatusAnalysing {
			t.Errorf("incident %+v, want it open as the person left it", e)
		}
		if state := h.state(); state.Status != probe.OutcomeUp || state.IncidentID != 0 {
			t.Errorf("state %+v, want up and done with the incident", state)
		}
	})
}

// A flapping check holds its incident open through good rounds.
func TestFlappingHoldsTheIncident(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s, threeLocations("https://example.org/health"))
		h.rounds("ddd")
		open := h.openIncidents(ecsEUDE)
		if len(open) != 1 {
			t.Fatalf("%d open incidents, want one", len(open))
		}
		h.rounds("udududuuu")
		if state := h.state(); !state.Flapping || state.Status != probe.OutcomeDown {
			t.Errorf("state %+v, want flapping and down", state)
		}
		if still := h.openIncidents(ecsEUDE); len(still) != 1 || still[0].ID != open[0].ID {
			t.Errorf("open incidents %+v, want incident %d held open", still, open[0].ID)
		}
	})
}

// A system incident holding other components loses only this one, with
// an update; it stays open for the others.
func TestRecoveryLeavesOtherComponentsInTheIncident(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		h := newHarness(t, s, threeLocations("https://example.org/health"))
		other, err := s.ReportComponent(h.ctx, store.Actor{Subject: "script"}, store.Report{ComponentID: rdsEUDE, Impact: model.ImpactOutage}, h.base)
		if err != nil {
			t.Fatal(err)
		}
		h.rounds("ddd")
		if state := h.state(); state.IncidentID != other.Event.ID {
			t.Fatalf("state %+v, want the check in incident %d it joined", state, other.Event.ID)
		}
		h.rounds("uu")
		e := h.event(other.Event.ID)
		last := e.Updates[len(e.Updates)-1]
		if e.EndAt != nil || len(e.Components) != 1 || e.Components[0].ID != rdsEUDE ||
			!strings.HasPrefix(last.Text, "Elastic Cloud Server (EU-DE) recovered automatically: the HTTP check of") {
			t.Errorf("incident %+v, last update %q; want it open with RDS alone", e, last.Text)
		}
		if open := h.openIncidents(ecsEUDE); len(open) != 0 {
			t.Errorf("%d open incidents hold ECS, want none", len(open))
		}
	})
}

// Two DecideRounds calls on the same results at once, from two storages
// as two workers would, count each round once: the state row is locked
// while a round is counted.
func TestConcurrentDecisionsCountOnce(t *testing.T) {
	url := storetest.MigratedPostgresURL(t)
	s, other := storetest.OpenWith(t, url, store.DefaultTimeouts()), storetest.OpenWith(t, url, store.DefaultTimeouts())
	h := newHarness(t, s, threeLocations("https://example.org/health"))
	// A first good round creates the state row: the rounds after it race
	// for the row's lock alone.
	h.rounds("u")
	deciders := []*decide.Decider{decide.New(decide.Deps{Store: s}), decide.New(decide.Deps{Store: other})}
	for range 3 {
		slot := h.slot(h.next)
		h.next++
		var results []store.CheckResult
		for _, location := range locations {
			results = append(results, store.CheckResult{CheckID: h.check.ID, Location: location, SlotAt: slot, StartedAt: slot,
				Outcome: probe.OutcomeDown})
		}
		if err := s.AddCheckResults(h.ctx, results); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, len(deciders))
		for i, d := range deciders {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = d.DecideRounds(h.ctx, results, h.now())
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if state := h.state(); state.Failures != 3 || state.Status != probe.OutcomeDown {
		t.Errorf("state %+v, want 3 failures counted once", state)
	}
	if open := h.openIncidents(ecsEUDE); len(open) != 1 {
		t.Errorf("%d open incidents, want one", len(open))
	}
	if downtimes := h.downtimes(); len(downtimes) != 1 {
		t.Errorf("%d downtimes, want one", len(downtimes))
	}
}

// A check's own thresholds and impact replace the defaults: one failed
// round reports a major impact, and three good rounds resolve it, not two.
func TestCheckThresholdsAndImpact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		def := threeLocations("https://example.org/health")
		def.Impact, def.FailureThreshold, def.SuccessThreshold = int(model.ImpactMajor), 1, 3
		h := newHarness(t, s, def)
		h.rounds("d")
		open := h.openIncidents(ecsEUDE)
		if len(open) != 1 || open[0].Impact != model.ImpactMajor {
			t.Fatalf("open incidents after one failed round: %+v, want one of major impact", open)
		}
		h.rounds("uu")
		if open := h.openIncidents(ecsEUDE); len(open) != 1 {
			t.Errorf("%d open incidents after two good rounds, want the incident still open (threshold 3)", len(open))
		}
		h.rounds("u")
		if open := h.openIncidents(ecsEUDE); len(open) != 0 {
			t.Errorf("%d open incidents after three good rounds, want none", len(open))
		}
	})
}
