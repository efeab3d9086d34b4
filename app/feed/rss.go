package feed

import (
	"fmt"

	"github.com/gorilla/feeds"

	"statusdash/app/model"
)

// RSS builds an RSS 2.0 document compatible with the stackmon dashboard's
// /rss/ feed: one item per event, in the given order, titled by the event,
// linking to its page (also the guid), dated by its start, with the update
// history as HTML description.
func (b *Builder) RSS(ch Channel, events []*model.Event, links Links) ([]byte, error) {
	feed := &feeds.Feed{
		Title:       ch.Title,
		Link:        &feeds.Link{Href: ch.Link},
		Description: ch.Description,
		Updated:     ch.Updated.UTC(),
	}
	for _, event := range events {
		link := links(event.ID)
		feed.Items = append(feed.Items, &feeds.Item{
			Title:       event.Title,
			Link:        &feeds.Link{Href: link},
			Id:          link,
			IsPermaLink: "true",
			Description: b.body(event),
			Created:     event.StartAt.UTC(),
			Updated:     revised(event),
		})
	}
	doc, err := feed.ToRss()
	if err != nil {
		return nil, fmt.Errorf("feed: rss: %w", err)
	}
	return []byte(doc), nil
}
