package decide

import (
	"cmp"
	"slices"
	"time"

	"statusdash/app/store"
)

// Round is one check's results for one slot: at most one per location, in
// location order.
type Round struct {
	Slot    time.Time
	Results []store.CheckResult
}

// groupRounds gathers the results by slot, oldest first; results without
// a slot (written by no schedule) belong to no round. A location that
// answered a slot twice counts once, with its first result.
func groupRounds(results []store.CheckResult) []Round {
	var rounds []Round
	sorted := slices.Clone(results)
	slices.SortStableFunc(sorted, func(a, b store.CheckResult) int {
		return cmp.Or(a.SlotAt.Compare(b.SlotAt), cmp.Compare(a.Location, b.Location))
	})
	for _, r := range sorted {
		if r.SlotAt.IsZero() {
			continue
		}
		if n := len(rounds); n > 0 && rounds[n-1].Slot.Equal(r.SlotAt) {
			last := &rounds[n-1]
			if last.Results[len(last.Results)-1].Location != r.Location {
				last.Results = append(last.Results, r)
			}
			continue
		}
		rounds = append(rounds, Round{Slot: r.SlotAt, Results: []store.CheckResult{r}})
	}
	return rounds
}

// ReadyRounds are the rounds after the slot after that can be counted,
// oldest first: those every expected location answered (one answer when
// none is expected), and every round older than the newest slot with a
// result, so that a silent location does not hold a round forever.
func ReadyRounds(results []store.CheckResult, expected []string, after time.Time) []Round {
	rounds := groupRounds(results)
	var ready []Round
	for i, round := range rounds {
		if !round.Slot.After(after) {
			continue
		}
		if i < len(rounds)-1 || complete(round, expected) {
			ready = append(ready, round)
		}
	}
	return ready
}

// complete reports whether every expected location answered the round.
func complete(round Round, expected []string) bool {
	if len(expected) == 0 {
		return len(round.Results) > 0
	}
	for _, location := range expected {
		if !slices.ContainsFunc(round.Results, func(r store.CheckResult) bool { return r.Location == location }) {
			return false
		}
	}
	return true
}
