package web

import (
	"time"

	"statusdash/app/model"
	"statusdash/app/store"
)

// healthBadge is a health as partials/health prints it, as fields: a page
// showing many badges reads them instead of calling Key and Label.
type healthBadge struct {
	Key, Label string
}

func newHealthBadge(health model.Health) healthBadge {
	return healthBadge{Key: health.Key(), Label: health.Label()}
}

// EventCard is one event in a list, with what its partial needs to show
// times in the reader's zone.
type EventCard struct {
	Summary *store.EventSummary
	Zone    *time.Location
	Now     time.Time
}

// Cancelled reports whether the event is a window or notice called off: a
// list shows it as cancelled at its end, not with the window it had.
func (c EventCard) Cancelled() bool {
	return c.Summary.Event.Type != model.TypeIncident && c.Summary.Event.Status == model.StatusCancelled
}

func eventCards(summaries []*store.EventSummary, zone *time.Location, now time.Time) []EventCard {
	cards := make([]EventCard, len(summaries))
	for i, summary := range summaries {
		cards[i] = EventCard{Summary: summary, Zone: zone, Now: now}
	}
	return cards
}
