package decide

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"statusdash/app/model"
	"statusdash/app/monitor/probe"
	"statusdash/app/store"
)

// Actor is who monitoring's writes name: audit rows and update authors.
func Actor() store.Actor { return store.Actor{Subject: "monitor", Name: "Monitoring"} }

// Deps are what a Decider needs; the CLI builds them.
type Deps struct {
	Store *store.Storage
	// Rules are the thresholds; zero fields take their defaults.
	Rules  Rules
	Logger *slog.Logger
}

// Decider counts the rounds of the results that workers write and reports
// and recovers the checks' components. Its methods may be called from any
// number of goroutines and processes at once: each round is counted once
// (store.EvaluateCheck).
type Decider struct {
	store  *store.Storage
	rules  Rules
	actor  store.Actor
	logger *slog.Logger
}

// New returns a Decider. A nil Store is a wiring mistake and panics.
func New(deps Deps) *Decider {
	if deps.Store == nil {
		panic("decide: a store is required")
	}
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	return &Decider{store: deps.Store, rules: deps.Rules.withDefaults(), actor: Actor(), logger: deps.Logger}
}

// DecideRounds counts the rounds that the results (just written, of any
// checks) complete, all their checks in one transaction, and acts on what
// changed: N failed rounds report the component through the incident
// rules, M good ones recover it. Checks deleted meanwhile are skipped; the
// errors of the actions, check by check, are joined.
func (d *Decider) DecideRounds(ctx context.Context, results []store.CheckResult, now time.Time) error {
	byCheck := map[uint][]store.CheckResult{}
	for _, r := range results {
		byCheck[r.CheckID] = append(byCheck[r.CheckID], r)
	}
	ids := make([]uint, 0, len(byCheck))
	for id := range byCheck {
		ids = append(ids, id)
	}
	done := map[uint]counted{}
	evaluated, err := d.store.EvaluateChecks(ctx, ids, now, func(check store.Check, state store.CheckState) time.Time {
		return firstSlot(check.Definition, state, byCheck[check.ID])
	}, func(check store.Check, state store.CheckState, results []store.CheckResult) (store.CheckEvaluation, bool) {
		_, latestStart := batchBounds(byCheck[check.ID])
		var counts counted
		evaluation, changed := d.evaluate(check.Definition, state, results, latestStart, now, &counts)
		done[check.ID] = counts
		return evaluation, changed
	})
	if err != nil {
		return fmt.Errorf("decide: count the rounds of %d checks: %w", len(ids), err)
	}
	var errs []error
	for _, e := range evaluated {
		counts := done[e.Check.ID]
		if counts.rounds == 0 {
			continue
		}
		if err := d.act(ctx, &e.Check, e.State, counts.last, now); err != nil && !errors.Is(err, store.ErrNotFound) {
			errs = append(errs, fmt.Errorf("decide: check %d: %w", e.Check.ID, err))
		}
	}
	return errors.Join(errs...)
}

// counted is what one evaluation counted, for the actions that follow it.
type counted struct {
	rounds int
	last   Tally
}

// catchUpRounds bounds how far back a check's rounds are read when its
// state is behind the batch: older rounds are no news any more.
const catchUpRounds = 10

// firstSlot is the first slot to read for the check's rounds: two
// intervals before the next round to count, for the locations that
// answered recently (Judge), and no further back than catchUpRounds
// before the batch's earliest slot.
func firstSlot(def probe.Definition, state store.CheckState, batch []store.CheckResult) time.Time {
	interval := max(def.Interval, probe.MinInterval)
	earliest, latestStart := batchBounds(batch)
	if earliest.IsZero() {
		earliest = latestStart
	}
	from := earliest.Add(-catchUpRounds * interval)
	if state.LastSlotAt.After(from) {
		from = state.LastSlotAt
	}
	return from.Add(-2 * interval)
}

// batchBounds are the earliest slot and the latest start among the results.
func batchBounds(batch []store.CheckResult) (earliestSlot, latestStart time.Time) {
	for _, r := range batch {
		if !r.SlotAt.IsZero() && (earliestSlot.IsZero() || r.SlotAt.Before(earliestSlot)) {
			earliestSlot = r.SlotAt
		}
		if r.StartedAt.After(latestStart) {
			latestStart = r.StartedAt
		}
	}
	return earliestSlot, latestStart
}

// evaluate counts the ready rounds among the results into the state (the
// pure part of decideCheck, under the state's lock) and says whether
// anything changed.
func (d *Decider) evaluate(def probe.Definition, state store.CheckState, results []store.CheckResult,
	latestStart, now time.Time, done *counted) (store.CheckEvaluation, bool) {
	evaluation := store.CheckEvaluation{State: state}
	changed := false
	if latestStart.After(state.LastResultAt) {
		evaluation.State.LastResultAt, changed = latestStart, true
	}
	for _, round := range ReadyRounds(results, def.Locations, state.LastSlotAt) {
		tally := Judge(round, def.Quorum, recentLocations(results, round.Slot, def.Interval))
		next, transition := d.rules.For(def).Count(evaluation.State, round.Slot, tally.Outcome)
		switch {
		case transition == TransitionFailing && evaluation.State.Status == probe.OutcomeUp:
			evaluation.DownDescription, evaluation.DownDetectedAt = DowntimeDescription(def, round), now
			evaluation.UpDetectedAt = time.Time{}
		case transition == TransitionRecovered && evaluation.DownDescription != "":
			evaluation.DownDescription = "" // down and up again within one batch
		case transition == TransitionRecovered:
			evaluation.UpDetectedAt = now
		}
		evaluation.State, changed = next, true
		done.rounds++
		done.last = tally
	}
	evaluation.State.UpdatedAt = now
	return evaluation, changed
}

// act reports a failing check's component when it has no incident of its
// impact yet, and recovers it once the check is up again. Both are safe to
// repeat: a report the rules already answered changes nothing, and a
// recovery leaves alone what is no longer monitoring's.
func (d *Decider) act(ctx context.Context, check *store.Check, state store.CheckState, last Tally, now time.Time) error {
	switch {
	case state.Status != probe.OutcomeUp:
		impact := ImpactOf(check.Definition, state.Status)
		if state.IncidentID != 0 && impact <= state.ReportedImpact {
			return nil
		}
		return d.report(ctx, check, state, now)
	case state.IncidentID != 0:
		return d.recover(ctx, check, state, last, now)
	}
	return nil
}

// report reports the check's status for its component through the
// incident rules (the v1 report path) and remembers the system incident
// that holds the component then. A maintenance answers without opening
// anything, and a person's incident holding the component is left as it
// is: of any impact, where the v1 rules would open a system incident
// beside one of a lower impact. The next failed round asks again.
func (d *Decider) report(ctx context.Context, check *store.Check, state store.CheckState, now time.Time) error {
	component, err := d.store.MonitoredComponent(ctx, check.ID)
	if err != nil {
		return err
	}
	if person, err := d.personsIncident(ctx, component.ID, now); err != nil || person != 0 {
		if person != 0 {
			d.logger.Info("monitoring leaves a component to a person's incident", "check", check.ID, "component", component.ID, "event", person)
		}
		return err
	}
	impact := ImpactOf(check.Definition, state.Status)
	result, err := d.store.ReportComponent(ctx, d.actor, store.Report{ComponentID: component.ID, Impact: impact,
		Title: Title(component, check.Definition.Kind)}, now)
	if err != nil {
		return fmt.Errorf("report component %d: %w", component.ID, err)
	}
	d.logger.Info("monitoring reported a component", "check", check.ID, "component", component.ID,
		"impact", impact, "action", result.Action.String(), "event", eventID(result))
	if result.Event == nil || !result.Event.System || result.Event.Type != model.TypeIncident {
		return nil
	}
	return d.store.SetCheckIncident(ctx, check.ID, result.Event.ID, max(impact, result.Event.Impact))
}

// personsIncident is the id of an open incident of a person's that holds
// the component, or zero.
func (d *Decider) personsIncident(ctx context.Context, componentID uint, now time.Time) (uint, error) {
	events, err := d.store.OpenEventsForComponent(ctx, componentID, now)
	if err != nil {
		return 0, err
	}
	for _, e := range events {
		if e.Type == model.TypeIncident && !e.System {
			return e.ID, nil
		}
	}
	return 0, nil
}

func eventID(result *store.ReportResult) uint {
	if result.Event == nil {
		return 0
	}
	return result.Event.ID
}

// recover ends monitoring's part in its incident for the component, unless
// another check of the component still fails: that one holds it.
func (d *Decider) recover(ctx context.Context, check *store.Check, state store.CheckState, last Tally, now time.Time) error {
	component, err := d.store.MonitoredComponent(ctx, check.ID)
	if err != nil {
		return err
	}
	failing, err := d.store.OtherChecksFailing(ctx, component.ID, check.ID)
	if err != nil {
		return err
	}
	recovery := store.RecoveryLeftAlone
	if !failing {
		texts := store.RecoveryTexts{
			Resolved: ResolvedText(check.Definition, last, state.StreakSince, now),
			Detached: RecoveredText(component, check.Definition, last, state.StreakSince, now),
		}
		if recovery, err = d.store.RecoverComponent(ctx, d.actor, state.IncidentID, component.ID, texts, now); err != nil {
			return fmt.Errorf("recover component %d from event %d: %w", component.ID, state.IncidentID, err)
		}
	}
	d.logger.Info("monitoring recovered a component", "check", check.ID, "component", component.ID,
		"event", state.IncidentID, "recovery", recovery.String(), "other_checks_failing", failing)
	return d.store.ClearCheckIncident(ctx, check.ID, state.IncidentID)
}
