package feed

import (
	"fmt"
	"testing"
	"time"

	"statusdash/app/markdown"
	"statusdash/app/model"
)

var base = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

func testLinks(id uint) string { return fmt.Sprintf("https://status.example.com/incidents/%d", id) }

func testChannel() Channel {
	return Channel{
		Title:       "ECS (EU-DE) - Incidents | Status Dashboard",
		Link:        "https://status.example.com/services/ecs",
		Self:        "https://status.example.com/rss/?mt=EU-DE&srv=ecs",
		Description: "EU-DE - Incidents",
		Updated:     base.Add(3 * time.Hour),
	}
}

func testEvents(t *testing.T) []*model.Event {
	t.Helper()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		berlin = time.FixedZone("CET", 3600)
	}
	ecs := &model.Service{ID: 1, Name: "Elastic Cloud Server", Slug: "ecs"}
	euDE := &model.Region{ID: 1, Name: "EU-DE", Slug: "eu-de"}
	end := base.Add(2 * time.Hour)
	mEnd := base.Add(26 * time.Hour)
	return []*model.Event{
		{
			ID: 7, Type: model.TypeIncident, Title: "Slow <API> & timeouts", Impact: model.ImpactMajor,
			Status: model.StatusResolved, StartAt: base.In(berlin), EndAt: &end,
			Description: "Requests **time out**. <script>alert(1)</script>",
			Components:  []model.Component{{ID: 3, Service: ecs, Region: euDE}},
			Updates: []model.EventUpdate{
				{ID: 31, Status: model.StatusAnalysing, Text: "Looking at [logs](javascript:alert(1)).", At: base.Add(10 * time.Minute)},
				{ID: 35, Status: model.StatusResolved, Text: "Fixed by *rollback*.", At: base.Add(2 * time.Hour)},
			},
		},
		{
			ID: 9, Type: model.TypeMaintenance, Title: "Database upgrade, phase 1; all regions", Impact: model.ImpactMaintenance,
			Status: model.StatusPlanned, StartAt: base.Add(24 * time.Hour), EndAt: &mEnd,
			Description: "Upgrade of the **RDS** fleet to the next major version. Connections may drop for a few seconds " +
				"while primaries fail over; applications should retry. Straße, 東京 and émoji 🚀 keep folding honest.",
			Components: []model.Component{{ID: 3, Service: ecs, Region: euDE}},
			Updates:    []model.EventUpdate{{ID: 33, Status: model.StatusPlanned, Text: "Scheduled.", At: base.Add(time.Hour)}},
		},
		{
			ID: 10, Type: model.TypeMaintenance, Title: "Cancelled window", Impact: model.ImpactMaintenance,
			Status: model.StatusCancelled, StartAt: base.Add(48 * time.Hour),
		},
	}
}

func testBuilder() *Builder { return New(markdown.New()) }
