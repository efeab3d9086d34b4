package decide

import (
	"time"

	"statusdash/app/model"
	"statusdash/app/monitor/probe"
	"statusdash/app/store"
)

// Transition is what counting a round did to a check's confirmed status.
type Transition int

// The transitions.
const (
	// TransitionNone: the status stays.
	TransitionNone Transition = iota
	// TransitionFailing: the status left up, or got worse (degraded to down).
	TransitionFailing
	// TransitionRecovered: the status came back up.
	TransitionRecovered
)

// Count counts one round, judged outcome, at its slot into the state: N
// consecutive failed rounds take the status to the round's outcome (never
// lower: a degraded round leaves a down status down), M consecutive good
// rounds bring it back up, unless the check is flapping: more than K
// changes of the rounds' outcome within the flap window hold the status
// until the changes age out of the window.
func (r Rules) Count(state store.CheckState, slot time.Time, outcome probe.Outcome) (store.CheckState, Transition) {
	r = r.withDefaults()
	state.Changes = append([]time.Time(nil), state.Changes...)
	if state.Status == "" {
		state.Status = probe.OutcomeUp
	}
	if state.LastVerdict != "" && outcome != state.LastVerdict {
		state.Changes = append(state.Changes, slot)
	}
	state.Changes = recentChanges(state.Changes, slot, r.FlapWindow, r.FlapChanges+1)
	state.Flapping = len(state.Changes) > r.FlapChanges
	state.LastVerdict, state.LastSlotAt = outcome, slot
	failed := outcome != probe.OutcomeUp
	if failed {
		if state.Failures == 0 {
			state.StreakSince = slot
		}
		state.Failures, state.Successes = state.Failures+1, 0
	} else {
		if state.Successes == 0 {
			state.StreakSince = slot
		}
		state.Successes, state.Failures = state.Successes+1, 0
	}
	switch {
	case failed && state.Failures >= r.FailuresToReport && severity(outcome) > severity(state.Status):
		state.Status = outcome
		return state, TransitionFailing
	case !failed && state.Status != probe.OutcomeUp && state.Successes >= r.SuccessesToRecover && !state.Flapping:
		state.Status = probe.OutcomeUp
		return state, TransitionRecovered
	}
	return state, TransitionNone
}

// recentChanges keeps the changes within window up to now, at most keep
// of the newest: enough to tell flapping.
func recentChanges(changes []time.Time, now time.Time, window time.Duration, keep int) []time.Time {
	from := now.Add(-window)
	kept := changes[:0]
	for _, c := range changes {
		if c.After(from) {
			kept = append(kept, c)
		}
	}
	if len(kept) > keep {
		kept = kept[len(kept)-keep:]
	}
	return kept
}

// severity orders the outcomes, up lowest.
func severity(o probe.Outcome) int {
	switch o {
	case probe.OutcomeDown:
		return 2
	case probe.OutcomeDegraded:
		return 1
	}
	return 0
}

// ImpactOf is the impact monitoring reports for a check's confirmed
// status: down is the check's impact (an outage unless it names another),
// degraded a minor impact. Up has none (zero).
func ImpactOf(def probe.Definition, status probe.Outcome) model.Impact {
	switch status {
	case probe.OutcomeDown:
		if def.Impact > 0 {
			return model.Impact(def.Impact)
		}
		return model.ImpactOutage
	case probe.OutcomeDegraded:
		return model.ImpactMinor
	}
	return 0
}
