// Package feed builds the public RSS, Atom and iCalendar documents from
// events. It returns bytes and knows nothing of HTTP: the web handlers choose
// the events, the channel and the links, and write the result.
package feed

import (
	"time"

	"statusdash/app/markdown"
	"statusdash/app/model"
)

// Channel describes one feed: the page-wide one or one per region, category
// or service.
type Channel struct {
	Title       string
	Link        string // absolute URL of the HTML page the feed mirrors
	Description string
	Updated     time.Time
	// Self is the absolute URL of the feed itself; Atom uses it as the feed id
	// and rel="self" link, falling back to Link when empty.
	Self string
}

// Links gives the absolute URL of an event's public page.
type Links func(id uint) string

// Builder renders feeds; event descriptions and update texts go through its
// Markdown renderer, so feed HTML is sanitised like the pages.
type Builder struct {
	markdown *markdown.Renderer
}

// New returns a Builder that renders Markdown with md.
func New(md *markdown.Renderer) *Builder {
	return &Builder{markdown: md}
}

// revised is when the event last changed for a reader: its latest update,
// its own last write, or (for a closed incident) its end. Future start and
// end times of planned maintenance do not count. Without any of these it is
// the start.
func revised(event *model.Event) time.Time {
	var latest time.Time
	consider := func(t time.Time) {
		if t.After(latest) {
			latest = t
		}
	}
	consider(event.UpdatedAt)
	consider(event.CreatedAt)
	for _, update := range event.Updates {
		consider(update.At)
	}
	if event.Type == model.TypeIncident && event.EndAt != nil {
		consider(*event.EndAt)
	}
	if latest.IsZero() {
		latest = event.StartAt
	}
	return latest.UTC()
}
