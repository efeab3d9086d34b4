package web

import (
	"time"

	"statusdash/app/locale"
	"statusdash/app/model"
	"statusdash/app/store"
)

// healthBadge is a health as partials/health prints it, as fields: its
// key and its words in the reader's language. The overview prints one per
// cell: a template call to translate each cost a fifth of its allocations.
type healthBadge struct {
	Key, Label string
}

// healthWords are the healths' words in one language (health.<key>), by
// health, looked up once per page.
type healthWords []string

func newHealthWords(lang *locale.Language) healthWords {
	words := make(healthWords, len(model.Healths))
	for _, health := range model.Healths {
		words[health] = lang.MustT("health." + health.Key())
	}
	return words
}

// badge is the health's badge in the words' language.
func (w healthWords) badge(health model.Health) healthBadge {
	return healthBadge{Key: health.Key(), Label: w[health]}
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
