package web

import (
	"context"
	"encoding/xml"
	"strconv"
	"strings"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/store"
)

// A service page offers the service's own feeds, in the head and the footer.
func TestServicePageFeedsAreScoped(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	page := body(t, site.get(t, "/services/ecs"))
	for _, want := range []string{
		`<link rel="alternate" type="application/rss&#43;xml" title="RSS (Elastic Cloud Server)" href="/rss/?service=ecs">`,
		`<link rel="alternate" type="application/atom&#43;xml" title="Atom (Elastic Cloud Server)" href="/atom?service=ecs">`,
		`<link rel="alternate" type="text/calendar" title="Maintenance calendar (iCal) (Elastic Cloud Server)" href="/ical?service=ecs">`,
		`<a href="/rss/?service=ecs">RSS (Elastic Cloud Server)</a>`,
		`<a href="/atom?service=ecs">Atom (Elastic Cloud Server)</a>`,
		`<a href="/ical?service=ecs">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("GET /services/ecs lacks %s", want)
		}
	}
	if strings.Contains(page, `href="/rss/"`) {
		t.Errorf("GET /services/ecs still links the page-wide RSS feed")
	}
	// The scoped feed holds the service's events only.
	feed := body(t, site.get(t, "/rss/?service=ecs"))
	if !strings.Contains(feed, "Volumes are slow") || strings.Contains(feed, "Network upgrade") {
		t.Errorf("GET /rss/?service=ecs is not the service's feed: %s", feed)
	}
	// Other pages keep the page-wide feeds.
	if overview := body(t, site.get(t, "/")); !strings.Contains(overview, `href="/rss/"`) {
		t.Errorf("GET / lost the page-wide RSS feed")
	}
}

// Posting an update gives the event's RSS item a new guid and pubDate, so
// feed readers show it as news.
func TestRSSItemChangesWhenAnUpdateIsPosted(t *testing.T) {
	t.Parallel()
	site := newTestSite(t)
	item := func() (guid, pubDate string) {
		t.Helper()
		var doc struct {
			Items []struct {
				Title string `xml:"title"`
				GUID  string `xml:"guid"`
				Date  string `xml:"pubDate"`
			} `xml:"channel>item"`
		}
		if err := xml.Unmarshal([]byte(body(t, site.get(t, "/rss/"))), &doc); err != nil {
			t.Fatalf("GET /rss/: %v", err)
		}
		for _, item := range doc.Items {
			if item.Title == "Volumes are slow" {
				return item.GUID, item.Date
			}
		}
		t.Fatalf("GET /rss/ has no item for the open incident")
		return "", ""
	}
	guid, pubDate := item()
	posted, err := site.store.AddUpdate(context.Background(), store.Actor{Subject: "op-1", Name: "Olga"}, site.open.ID,
		store.NewUpdate{Status: model.StatusObserving, Message: "Latency is back to normal.", At: testNow.Add(-5 * time.Minute)}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	latest := posted.Updates[len(posted.Updates)-1]
	wantGUID := "https://status.example.com/incidents/" + strconv.Itoa(int(site.open.ID)) + "#update-" + strconv.Itoa(int(latest.ID))
	newGUID, newPubDate := item()
	if newGUID == guid || newGUID != wantGUID {
		t.Errorf("guid = %q (before %q), want %q", newGUID, guid, wantGUID)
	}
	if want := testNow.Add(-5 * time.Minute).Format(time.RFC1123Z); newPubDate == pubDate || newPubDate != want {
		t.Errorf("pubDate = %q (before %q), want %q", newPubDate, pubDate, want)
	}
	// The guid's fragment is the update's anchor on the event's page.
	if page := body(t, site.get(t, "/incidents/"+strconv.Itoa(int(site.open.ID)))); !strings.Contains(page, `id="update-`+strconv.Itoa(int(latest.ID))+`"`) {
		t.Errorf("the event page has no anchor for update %d", latest.ID)
	}
}
