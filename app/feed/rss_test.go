package feed

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"statusdash/app/model"
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
	// An item is dated by its latest update and its guid names it; without
	// updates, the start and the page.
	wantItems := []struct {
		guid string
		pub  time.Time
	}{
		{testLinks(7) + "#update-35", base.Add(2 * time.Hour)},
		{testLinks(9) + "#update-33", base.Add(time.Hour)},
		{testLinks(10), base.Add(48 * time.Hour)},
	}
	for i, item := range doc.Channel.Items {
		event := events[i]
		link := testLinks(event.ID)
		if item.Title != event.Title {
			t.Errorf("item %d title = %q, want %q", i, item.Title, event.Title)
		}
		if item.Link != link || item.GUID.Value != wantItems[i].guid || item.GUID.IsPermaLink != "false" {
			t.Errorf("item %d link %q guid %q (permalink %q), want %q, %q (false)", i, item.Link, item.GUID.Value, item.GUID.IsPermaLink, link, wantItems[i].guid)
		}
		pub, err := time.Parse(time.RFC1123Z, item.PubDate)
		if err != nil {
			t.Errorf("item %d pubDate %q: %v", i, item.PubDate, err)
		} else if !pub.Equal(wantItems[i].pub) || !strings.HasSuffix(item.PubDate, "+0000") {
			t.Errorf("item %d pubDate = %q, want %v in UTC", i, item.PubDate, wantItems[i].pub)
		}
	}

	tests := []struct {
		name     string
		item     int
		contains []string
		absent   []string
	}{
		{"updates newest first, stackmon shape", 0, []string{
			"<small>2026-11-22 14:00 UTC</small><br><strong>Resolved - </strong><p>Fixed by <em>rollback</em>.</p>",
			"<strong>Analysing - </strong>",
			"Impact: Partial outage<br>",
			"Start date: 2026-11-22 12:00 UTC<br>",
			"End date: 2026-11-22 14:00 UTC<br>",
			"Affected: Elastic Cloud Server (EU-DE)",
			"We apologize for the inconvenience",
		}, nil},
		{"markdown sanitised", 0, []string{"<strong>time out</strong>"}, []string{"<script", "javascript:"}},
		{"maintenance type label, no apology", 1, []string{"Type: Maintenance<br>"}, []string{"apologize"}},
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

// Posting an update makes the item news again: a new guid and pubDate.
func TestRSSItemChangesWithEachUpdate(t *testing.T) {
	events := testEvents(t)[:1]
	item := func() (guid, pubDate string) {
		t.Helper()
		out, err := testBuilder().RSS(testChannel(), events, testLinks)
		if err != nil {
			t.Fatalf("RSS: %v", err)
		}
		var doc rssDoc
		if err := xml.Unmarshal(out, &doc); err != nil {
			t.Fatalf("RSS output does not parse: %v", err)
		}
		return doc.Channel.Items[0].GUID.Value, doc.Channel.Items[0].PubDate
	}
	guid, pubDate := item()
	events[0].Updates = append(events[0].Updates, model.EventUpdate{ID: 40, Status: model.StatusChanged, Text: "End corrected.", At: base.Add(5 * time.Hour)})
	newGUID, newPubDate := item()
	if newGUID == guid || newGUID != testLinks(7)+"#update-40" {
		t.Errorf("guid after an update = %q (before %q), want %q", newGUID, guid, testLinks(7)+"#update-40")
	}
	if newPubDate == pubDate || newPubDate != base.Add(5*time.Hour).Format(time.RFC1123Z) {
		t.Errorf("pubDate after an update = %q (before %q), want the update's time", newPubDate, pubDate)
	}
}
