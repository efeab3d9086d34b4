package feed_test

import (
	"fmt"
	"time"

	"statusdash/app/feed"
	"statusdash/app/markdown"
	"statusdash/app/model"
)

func ExampleBuilder_RSS() {
	builder := feed.New(markdown.New())
	links := func(id uint) string { return fmt.Sprintf("https://status.example.com/incidents/%d", id) }
	start := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	events := []*model.Event{{ID: 7, Type: model.TypeIncident, Title: "Slow API", Impact: model.ImpactMinor, StartAt: start}}
	channel := feed.Channel{
		Title:   "Status Dashboard: events (EU-DE, Elastic Cloud Server)",
		Link:    "https://status.example.com/rss/?mt=EU-DE&srv=ecs",
		Updated: start,
	}
	body, err := builder.RSS(channel, events, links)
	fmt.Println(err == nil, len(body) > 0)
	// Output: true true
}
