package store

import (
	"cmp"
	"slices"
)

// sortBySeverity orders incidents by impact, highest first, then newest first.
func sortBySeverity(summaries []*EventSummary) {
	slices.SortStableFunc(summaries, func(a, b *EventSummary) int {
		return cmp.Or(cmp.Compare(b.Event.Impact, a.Event.Impact), b.Event.StartAt.Compare(a.Event.StartAt))
	})
}

// sortBySoonest orders planned events by start, soonest first.
func sortBySoonest(summaries []*EventSummary) {
	slices.SortStableFunc(summaries, func(a, b *EventSummary) int {
		return a.Event.StartAt.Compare(b.Event.StartAt)
	})
}
