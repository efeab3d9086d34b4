package feed

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"statusdash/app/model"
)

type atomDoc struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Author  string `xml:"author>name"`
	Entries []struct {
		ID        string `xml:"id"`
		Title     string `xml:"title"`
		Updated   string `xml:"updated"`
		Published string `xml:"published"`
		Link      struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Summary string `xml:"summary"`
		Content struct {
			Type  string `xml:"type,attr"`
			Value string `xml:",chardata"`
		} `xml:"content"`
	} `xml:"entry"`
}

func TestAtom(t *testing.T) {
	events := testEvents(t)
	ch := testChannel()
	out, err := testBuilder().Atom(ch, events, testLinks)
	if err != nil {
		t.Fatalf("Atom: %v", err)
	}
	var doc atomDoc
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("Atom output does not parse: %v\n%s", err, out)
	}
	if doc.ID != ch.Self || doc.Title != ch.Title || doc.Author == "" {
		t.Errorf("feed id %q title %q author %q, want %q %q and an author", doc.ID, doc.Title, doc.Author, ch.Self, ch.Title)
	}
	if doc.Updated != "2026-11-22T15:00:00Z" {
		t.Errorf("feed updated = %q, want 2026-11-22T15:00:00Z", doc.Updated)
	}
	rels := map[string]string{}
	for _, link := range doc.Links {
		rels[link.Rel] = link.Href
	}
	if rels["self"] != ch.Self || rels["alternate"] != ch.Link {
		t.Errorf("feed links = %v, want self %q and alternate %q", rels, ch.Self, ch.Link)
	}
	if len(doc.Entries) != len(events) {
		t.Fatalf("got %d entries, want %d", len(doc.Entries), len(events))
	}
	tests := []struct {
		entry         int
		wantUpdated   string
		wantPublished string
		wantSummary   string
	}{
		{0, "2026-11-22T14:00:00Z", "2026-11-22T12:00:00Z", "Resolved: Fixed by rollback."},
		{1, "2026-11-22T13:00:00Z", "2026-11-23T12:00:00Z", "Planned: Scheduled."},
		{2, "2026-11-24T12:00:00Z", "2026-11-24T12:00:00Z", ""},
	}
	for _, tt := range tests {
		entry := doc.Entries[tt.entry]
		event := events[tt.entry]
		link := testLinks(event.ID)
		if entry.ID != link || entry.Link.Href != link || entry.Link.Rel != "alternate" {
			t.Errorf("entry %d id %q link %q rel %q, want %q alternate", tt.entry, entry.ID, entry.Link.Href, entry.Link.Rel, link)
		}
		if entry.Title != event.Title {
			t.Errorf("entry %d title = %q, want %q", tt.entry, entry.Title, event.Title)
		}
		if entry.Updated != tt.wantUpdated || entry.Published != tt.wantPublished {
			t.Errorf("entry %d updated %q published %q, want %q %q", tt.entry, entry.Updated, entry.Published, tt.wantUpdated, tt.wantPublished)
		}
		for _, stamp := range []string{entry.Updated, entry.Published} {
			if _, err := time.Parse(time.RFC3339, stamp); err != nil || !strings.HasSuffix(stamp, "Z") {
				t.Errorf("entry %d time %q is not RFC 3339 UTC", tt.entry, stamp)
			}
		}
		if entry.Summary != tt.wantSummary {
			t.Errorf("entry %d summary = %q, want %q", tt.entry, entry.Summary, tt.wantSummary)
		}
		if entry.Content.Type != "html" || !strings.Contains(entry.Content.Value, "Start date: ") {
			t.Errorf("entry %d content (%s) = %q, want html with the start date", tt.entry, entry.Content.Type, entry.Content.Value)
		}
		if strings.Contains(entry.Content.Value, "<script") || strings.Contains(entry.Content.Value, "javascript:") {
			t.Errorf("entry %d content not sanitised: %q", tt.entry, entry.Content.Value)
		}
	}
}

func TestAtomSelfFallsBackToLink(t *testing.T) {
	ch := testChannel()
	ch.Self = ""
	out, err := testBuilder().Atom(ch, nil, testLinks)
	if err != nil {
		t.Fatalf("Atom: %v", err)
	}
	var doc atomDoc
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("Atom output does not parse: %v", err)
	}
	if doc.ID != ch.Link {
		t.Errorf("feed id = %q, want %q", doc.ID, ch.Link)
	}
}

// Posting an update moves the entry's updated to its time; the entry's id
// stays (RFC 4287: an entry's id never changes), readers compare updated.
func TestAtomEntryUpdatedWithEachUpdate(t *testing.T) {
	events := testEvents(t)[:1]
	entry := func() (id, updated string) {
		t.Helper()
		out, err := testBuilder().Atom(testChannel(), events, testLinks)
		if err != nil {
			t.Fatalf("Atom: %v", err)
		}
		var doc atomDoc
		if err := xml.Unmarshal(out, &doc); err != nil {
			t.Fatalf("Atom output does not parse: %v", err)
		}
		return doc.Entries[0].ID, doc.Entries[0].Updated
	}
	id, updated := entry()
	events[0].Updates = append(events[0].Updates, model.EventUpdate{ID: 40, Status: model.StatusChanged, Text: "End corrected.", At: base.Add(5 * time.Hour)})
	newID, newUpdated := entry()
	if newID != id || newUpdated == updated || newUpdated != "2026-11-22T17:00:00Z" {
		t.Errorf("after an update: id %q updated %q (before %q, %q), want the same id, updated 2026-11-22T17:00:00Z", newID, newUpdated, id, updated)
	}
}
