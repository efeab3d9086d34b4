package feed

import (
	"encoding/xml"
	"fmt"
	"time"

	"statusdash/app/model"
)

// Atom is written with encoding/xml rather than gorilla/feeds because the
// feed needs both a rel="self" and a rel="alternate" link and entries need
// published dates.

type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID       string      `xml:"id"`
	Title    atomText    `xml:"title"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   atomAuthor  `xml:"author"`
	Subtitle *atomText   `xml:"subtitle,omitempty"`
	Entries  []atomEntry `xml:"entry"`
}

type atomText struct {
	Type  string `xml:"type,attr"`
	Value string `xml:",chardata"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID        string     `xml:"id"`
	Title     atomText   `xml:"title"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published"`
	Links     []atomLink `xml:"link"`
	Summary   *atomText  `xml:"summary,omitempty"`
	Content   atomText   `xml:"content"`
}

// Atom builds an Atom 1.0 document: the feed id is the feed's own URL, each
// entry's id and alternate link is the event page, updated is the last revision
// (latest update, last write, or a closed incident's end), and content is the update history as HTML.
func (b *Builder) Atom(ch Channel, events []*model.Event, links Links) ([]byte, error) {
	self := ch.Self
	if self == "" {
		self = ch.Link
	}
	doc := atomFeed{
		ID:      self,
		Title:   atomText{Type: "text", Value: ch.Title},
		Updated: rfc3339(ch.Updated),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: self},
			{Rel: "alternate", Type: "text/html", Href: ch.Link},
		},
		Author: atomAuthor{Name: ch.Title},
	}
	if ch.Description != "" {
		doc.Subtitle = &atomText{Type: "text", Value: ch.Description}
	}
	for _, event := range events {
		link := links(event.ID)
		entry := atomEntry{
			ID:        link,
			Title:     atomText{Type: "text", Value: event.Title},
			Updated:   rfc3339(revised(event)),
			Published: rfc3339(event.StartAt),
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: link}},
			Content:   atomText{Type: "html", Value: b.body(event)},
		}
		if summary := b.summary(event); summary != "" {
			entry.Summary = &atomText{Type: "text", Value: summary}
		}
		doc.Entries = append(doc.Entries, entry)
	}
	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("feed: atom: %w", err)
	}
	return append([]byte(xml.Header), out...), nil
}

// summary is a plain-text line for readers that show no HTML: the latest
// status and its text.
func (b *Builder) summary(event *model.Event) string {
	if len(event.Updates) == 0 {
		return b.markdown.Plain(event.Description)
	}
	latest := event.Updates[len(event.Updates)-1]
	text := b.markdown.Plain(latest.Text)
	if text == "" {
		return model.StatusLabel(latest.Status)
	}
	return model.StatusLabel(latest.Status) + ": " + text
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }
