package feed

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"
)

type rssDoc struct {
	XMLName xml.Name `xml:"rss"`
	Version string   `xml:"version,attr"`
	Channel struct {
		Title       string `xml:"title"`
		Link        string `xml:"link"`
		Description string `xml:"description"`
		Items       []struct {
			Title       string `xml:"title"`
			Link        string `xml:"link"`
			Description string `xml:"description"`
			GUID        struct {
				Value       string `xml:",chardata"`
				IsPermaLink string `xml:"isPermaLink,attr"`
			} `xml:"guid"`
			PubDate string `xml:"pubDate"`
		} `xml:"item"`
	} `xml:"channel"`
}

func TestRSS(t *testing.T) {
	events := testEvents(t)
	out, err := testBuilder().RSS(testChannel(), events, testLinks)
	if err != nil {
		t.Fatalf("RSS: %v", err)
	}
	var doc rssDoc
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("RSS output does not parse: %v\n%s", err, out)
	}
	if doc.Version != "2.0" {
		t.Errorf("version = %q, want 2.0", doc.Version)
	}
	ch := testChannel()
	if doc.Channel.Title != ch.Title || doc.Channel.Link != ch.Link || doc.Channel.Description != ch.Description {
		t.Errorf("channel = %q %q %q, want %q %q %q", doc.Channel.Title, doc.Channel.Link, doc.Channel.Description, ch.Title, ch.Link, ch.Description)
	}
	if got, want := len(doc.Channel.Items), len(events); got != want {
		t.Fatalf("got %d items, want %d", got, want)
	}
	for i, item := range doc.Channel.Items {
		event := events[i]
		link := testLinks(event.ID)
		if item.Title != event.Title {
			t.Errorf("item %d title = %q, want %q", i, item.Title, event.Title)
		}
		if item.Link != link || item.GUID.Value != link || item.GUID.IsPermaLink != "true" {
			t.Errorf("item %d link %q guid %q (permalink %q), want %q", i, item.Link, item.GUID.Value, item.GUID.IsPermaLink, link)
		}
		pub, err := time.Parse(time.RFC1123Z, item.PubDate)
		if err != nil {
			t.Errorf("item %d pubDate %q: %v", i, item.PubDate, err)
		} else if !pub.Equal(event.StartAt) || !strings.HasSuffix(item.PubDate, "+0000") {
			t.Errorf("item %d pubDate = %q, want %v in UTC", i, item.PubDate, event.StartAt.UTC())
		}
	}

	tests := []struct {
		name     string
		item     int
		contains []string
		absent   []string
	}{
		{"updates newest first, stackmon shape", 0, []string{
			"<small>2026-11-22 14:00 UTC</small><br><strong>resolved - </strong><p>Fixed by <em>rollback</em>.</p>",
			"<strong>analysing - </strong>",
			"Incident impact: Major incident<br>",
			"Start date: 2026-11-22 12:00 UTC<br>",
			"End date: 2026-11-22 14:00 UTC<br>",
			"Affected: Elastic Cloud Server (EU-DE)",
			"We apologize for the inconvenience",
		}, nil},
		{"markdown sanitised", 0, []string{"<strong>time out</strong>"}, []string{"<script", "javascript:"}},
		{"maintenance impact label, no apology", 1, []string{"Incident impact: Scheduled maintenance"}, []string{"apologize"}},
		{"open window has no end", 2, []string{"Start date: 2026-11-24 12:00 UTC"}, []string{"End date"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			description := doc.Channel.Items[tt.item].Description
			if strings.Index(description, "resolved - ") > strings.Index(description, "analysing - ") {
				t.Errorf("updates not newest first: %q", description)
			}
			for _, want := range tt.contains {
				if !strings.Contains(description, want) {
					t.Errorf("description = %q, want it to contain %q", description, want)
				}
			}
			for _, bad := range tt.absent {
				if strings.Contains(description, bad) {
					t.Errorf("description = %q, must not contain %q", description, bad)
				}
			}
		})
	}
}

func TestRSSEmpty(t *testing.T) {
	out, err := testBuilder().RSS(Channel{Title: "t", Link: "https://x.example/"}, nil, testLinks)
	if err != nil {
		t.Fatalf("RSS: %v", err)
	}
	var doc rssDoc
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("RSS output does not parse: %v", err)
	}
	if len(doc.Channel.Items) != 0 {
		t.Errorf("got %d items, want 0", len(doc.Channel.Items))
	}
}
