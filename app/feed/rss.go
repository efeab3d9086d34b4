package feed

import (
	"fmt"

	"github.com/gorilla/feeds"

	"statusdash/app/model"
)

// RSS builds an RSS 2.0 document compatible with the stackmon dashboard's
// /rss/ feed: one item per event, in the given order, titled by the event,
// linking to its page, with the update history as HTML description. An
// item is dated by its latest update and its guid names that update (the
// event page's anchor of it, not a permalink): a feed reader shows the
// event again as news whenever an update is posted.
func (b *Builder) RSS(ch Channel, events []*model.Event, links Links) ([]byte, error) {
	feed := &feeds.Feed{
		Title:       ch.Title,
		Link:        &feeds.Link{Href: ch.Link},
		Description: ch.Description,
		Updated:     ch.Updated.UTC(),
	}
	for _, event := range events {
		link := links(event.ID)
		guid, published := link, event.StartAt.UTC()
		if latest, ok := latestUpdate(event); ok {
			guid, published = link+UpdateFragment(latest.ID), latest.At.UTC()
		}
		feed.Items = append(feed.Items, &feeds.Item{
			Title:       event.Title,
			Link:        &feeds.Link{Href: link},
			Id:          guid,
			IsPermaLink: "false",
			Description: b.body(event),
			// gorilla/feeds writes Created as pubDate.
			Created: published,
			Updated: revised(event),
		})
	}
	doc, err := feed.ToRss()
	if err != nil {
		return nil, fmt.Errorf("feed: rss: %w", err)
	}
	return []byte(doc), nil
}

// UpdateFragment is the anchor of an update on its event's page: "#update-12".
func UpdateFragment(updateID uint) string { return fmt.Sprintf("#update-%d", updateID) }

// latestUpdate is the event's last update in time (of those at one time,
// the last written), if it has any.
func latestUpdate(event *model.Event) (model.EventUpdate, bool) {
	if len(event.Updates) == 0 {
		return model.EventUpdate{}, false
	}
	latest := event.Updates[0]
	for _, u := range event.Updates[1:] {
		if u.At.After(latest.At) || (u.At.Equal(latest.At) && u.ID > latest.ID) {
			latest = u
		}
	}
	return latest, true
}
