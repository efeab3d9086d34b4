package web

import (
	"fmt"
	"strings"

	"statusdash/app/monitor/probe"
	"statusdash/app/store"
)

// checkStateText says in a few words where monitoring stands with a check:
// its confirmed status, the rounds that lead to the next change, the
// incident it holds and whether it flaps. Empty before its first round.
func checkStateText(state store.CheckState, counted bool) string {
	if !counted || state.LastVerdict == "" {
		return ""
	}
	var parts []string
	switch state.Status {
	case probe.OutcomeDown:
		parts = append(parts, "Down")
	case probe.OutcomeDegraded:
		parts = append(parts, "Degraded")
	default:
		parts = append(parts, "Up")
	}
	switch {
	case state.LastVerdict != probe.OutcomeUp && state.Failures > 0:
		parts = append(parts, plural(state.Failures, "failed round"))
	case state.Status != probe.OutcomeUp && state.Successes > 0:
		parts = append(parts, plural(state.Successes, "good round"))
	}
	if state.IncidentID != 0 {
		parts = append(parts, fmt.Sprintf("incident #%d", state.IncidentID))
	}
	if state.Flapping {
		parts = append(parts, "flapping")
	}
	return strings.Join(parts, ", ")
}

// plural writes n and the noun, with an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
