package webhook_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/notify/webhook"
)

var at = time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)

func sampleEvent() *model.Event {
	ecs := &model.Service{ID: 2, Name: "Elastic Cloud Server", CategoryID: 1}
	return &model.Event{
		ID: 41, Type: model.TypeIncident, Title: "Slow volume attachment", Impact: model.ImpactMajor, Status: model.StatusAnalysing,
		StartAt: at.Add(-time.Hour), CreatedAt: at.Add(-time.Hour), UpdatedAt: at,
		Components: []model.Component{{ID: 7, Service: ecs, Region: &model.Region{Name: "EU-DE"}}},
		Updates: []model.EventUpdate{
			{Status: model.StatusDetected, Text: "Volumes attach slowly.", At: at.Add(-time.Hour)},
			{Status: model.StatusAnalysing, Text: "We **know** why <b>now</b> & soon.", At: at},
		},
	}
}

func sampleSummary() webhook.Summary {
	e := sampleEvent()
	return webhook.SummaryOf(e, e.Updates[1], "https://status.example.com/incidents/41", "https://status.example.com/subscribe/manage?token=t")
}

func decode(t *testing.T, body []byte) map[string]any {
	t.Helper()
	var out map[string]any
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, body)
	}
	return out
}

// path walks a decoded JSON document: keys for objects, indexes for arrays.
func path(t *testing.T, doc any, steps ...any) any {
	t.Helper()
	for _, step := range steps {
		switch key := step.(type) {
		case string:
			object, ok := doc.(map[string]any)
			if !ok {
				t.Fatalf("at %v: %T is not an object", step, doc)
			}
			if doc, ok = object[key]; !ok {
				t.Fatalf("missing field %q in %v", key, object)
			}
		case int:
			array, ok := doc.([]any)
			if !ok || key >= len(array) {
				t.Fatalf("at %v: not an array of more than %d items: %v", step, key, doc)
			}
			doc = array[key]
		}
	}
	return doc
}

func TestIncidentPayloadHasStatuspageShape(t *testing.T) {
	e := sampleEvent()
	payload := webhook.IncidentPayload(
		webhook.PageState{ID: "statusdash", URL: "https://status.example.com", OpenIncidents: []*model.Event{e}},
		webhook.Meta{Unsubscribe: "https://status.example.com/subscribe/manage?token=t", Documentation: "https://status.example.com/docs/webhooks"},
		e, map[uint]model.Health{7: model.HealthMajor}, at,
	)
	body, err := newDeliverer(false).Body(webhook.Generic, webhook.Message{ID: "d", Payload: payload})
	if err != nil {
		t.Fatal(err)
	}
	doc := decode(t, body)
	want := []struct {
		path []any
		want any
	}{
		{[]any{"meta", "unsubscribe"}, "https://status.example.com/subscribe/manage?token=t"},
		{[]any{"meta", "documentation"}, "https://status.example.com/docs/webhooks"},
		{[]any{"page", "id"}, "statusdash"},
		{[]any{"page", "status_indicator"}, "major"},
		{[]any{"page", "status_description"}, "Partial outage"},
		{[]any{"incident", "id"}, "41"},
		{[]any{"incident", "name"}, "Slow volume attachment"},
		{[]any{"incident", "status"}, "investigating"},
		{[]any{"incident", "impact"}, "major"},
		{[]any{"incident", "shortlink"}, "https://status.example.com/incidents/41"},
		{[]any{"incident", "created_at"}, "2026-12-03T07:00:00.000Z"},
		{[]any{"incident", "incident_updates", 0, "body"}, "We **know** why <b>now</b> & soon."},
		{[]any{"incident", "incident_updates", 0, "status"}, "investigating"},
		{[]any{"incident", "components", 0, "id"}, "7"},
		{[]any{"incident", "components", 0, "name"}, "Elastic Cloud Server (EU-DE)"},
		{[]any{"incident", "components", 0, "status"}, "partial_outage"},
	}
	for _, w := range want {
		if got := path(t, doc, w.path...); got != w.want {
			t.Errorf("%v = %v, want %v", w.path, got, w.want)
		}
	}
	if _, ok := doc["component_update"]; ok {
		t.Error("an incident body has a component_update")
	}
}

func TestComponentPayloadHasStatuspageShape(t *testing.T) {
	e := sampleEvent()
	payload := webhook.ComponentPayload(webhook.PageState{}, webhook.Meta{}, &e.Components[0], model.HealthOperational, model.HealthOutage, at)
	body, _ := json.Marshal(payload)
	doc := decode(t, body)
	for field, want := range map[string]string{"component_id": "7", "old_status": "operational", "new_status": "major_outage", "created_at": "2026-12-03T08:00:00.000Z", "component_type": "Component"} {
		if got := path(t, doc, "component_update", field); got != want {
			t.Errorf("component_update.%s = %v, want %s", field, got, want)
		}
	}
	if got := path(t, doc, "component", "status"); got != "major_outage" {
		t.Errorf("component.status = %v", got)
	}
	if _, ok := doc["incident"]; ok {
		t.Error("a component body has an incident")
	}
}

func TestSlackBody(t *testing.T) {
	body, err := newDeliverer(false).Body(webhook.Slack, webhook.Message{Summary: sampleSummary()})
	if err != nil {
		t.Fatal(err)
	}
	doc := decode(t, body)
	if got := path(t, doc, "text"); got != "[Partial outage] Elastic Cloud Server in EU-DE: Slow volume attachment" {
		t.Errorf("text = %v", got)
	}
	blocks := path(t, doc, "blocks").([]any)
	validTypes := map[string]bool{"header": true, "section": true, "context": true}
	for i, block := range blocks {
		kind, _ := path(t, block, "type").(string)
		if !validTypes[kind] {
			t.Errorf("block %d has type %q", i, kind)
		}
	}
	if path(t, blocks[0], "type") != "header" || path(t, blocks[0], "text", "type") != "plain_text" || len([]rune(path(t, blocks[0], "text", "text").(string))) > 150 {
		t.Errorf("first block is not a plain_text header of at most 150 characters: %v", blocks[0])
	}
	section := path(t, blocks[1], "text", "text").(string)
	if path(t, blocks[1], "text", "type") != "mrkdwn" || !strings.Contains(section, "We know why now &amp; soon.") || strings.Contains(section, "<b>") {
		t.Errorf("section text = %q, want the update's words, escaped", section)
	}
	links := path(t, blocks[2], "elements", 0, "text").(string)
	if !strings.Contains(links, "<https://status.example.com/incidents/41|") || !strings.Contains(links, "<https://status.example.com/subscribe/manage?token=t|") {
		t.Errorf("context links = %q", links)
	}
}

func TestTeamsBody(t *testing.T) {
	body, err := newDeliverer(false).Body(webhook.Teams, webhook.Message{Summary: sampleSummary()})
	if err != nil {
		t.Fatal(err)
	}
	doc := decode(t, body)
	if path(t, doc, "type") != "message" {
		t.Errorf("type = %v, want message", doc["type"])
	}
	attachment := path(t, doc, "attachments", 0)
	if path(t, attachment, "contentType") != "application/vnd.microsoft.card.adaptive" {
		t.Errorf("contentType = %v", path(t, attachment, "contentType"))
	}
	card := path(t, attachment, "content")
	if path(t, card, "type") != "AdaptiveCard" || path(t, card, "version") == "" || path(t, card, "$schema") == "" {
		t.Errorf("card = %v", card)
	}
	var texts []string
	for _, block := range path(t, card, "body").([]any) {
		if path(t, block, "type") != "TextBlock" {
			t.Errorf("block %v is not a TextBlock", block)
		}
		texts = append(texts, path(t, block, "text").(string))
	}
	joined := strings.Join(texts, "\n")
	for _, want := range []string{"Slow volume attachment", "Partial outage · Elastic Cloud Server in EU-DE", "We know why now & soon."} {
		if !strings.Contains(joined, want) {
			t.Errorf("card text misses %q:\n%s", want, joined)
		}
	}
	if path(t, card, "actions", 0, "type") != "Action.OpenUrl" || path(t, card, "actions", 0, "url") != "https://status.example.com/incidents/41" {
		t.Errorf("first action = %v", path(t, card, "actions", 0))
	}
}

func TestMattermostBody(t *testing.T) {
	body, err := newDeliverer(false).Body(webhook.Mattermost, webhook.Message{Summary: sampleSummary()})
	if err != nil {
		t.Fatal(err)
	}
	text, _ := path(t, decode(t, body), "text").(string)
	for _, want := range []string{"[Partial outage] Elastic Cloud Server in EU-DE: Slow volume attachment", "We **know** why", "(https://status.example.com/incidents/41)", "(https://status.example.com/subscribe/manage?token=t)"} {
		if !strings.Contains(text, want) {
			t.Errorf("text misses %q:\n%s", want, text)
		}
	}
}

func TestBodyUnknownKind(t *testing.T) {
	if _, err := newDeliverer(false).Body("irc", webhook.Message{}); err == nil {
		t.Error("Body of an unknown kind succeeded")
	}
	if webhook.Kind("irc").Valid() || !webhook.Slack.Valid() {
		t.Error("Kind.Valid is wrong")
	}
}

func TestMaintenancePayloadHasSchedule(t *testing.T) {
	end := at.Add(2 * time.Hour)
	e := &model.Event{
		ID: 50, Type: model.TypeMaintenance, Title: "Storage upgrade", Status: model.StatusPlanned,
		StartAt: at.Add(time.Hour), EndAt: &end, CreatedAt: at, UpdatedAt: at,
		Updates: []model.EventUpdate{{Status: model.StatusPlanned, Text: "Planned.", At: at}},
	}
	payload := webhook.IncidentPayload(webhook.PageState{URL: "https://status.example.com"}, webhook.Meta{}, e, nil, at)
	body, _ := json.Marshal(payload)
	doc := decode(t, body)
	for field, want := range map[string]string{"status": "scheduled", "impact": "maintenance", "scheduled_for": "2026-12-03T09:00:00.000Z", "scheduled_until": "2026-12-03T10:00:00.000Z"} {
		if got := path(t, doc, "incident", field); got != want {
			t.Errorf("incident.%s = %v, want %s", field, got, want)
		}
	}
	if got := path(t, doc, "page", "status_indicator"); got != "none" {
		t.Errorf("page.status_indicator = %v, want none", got)
	}
}

func TestSlackHeaderIsCut(t *testing.T) {
	summary := sampleSummary()
	summary.Title = strings.Repeat("very long title ", 20)
	body, _ := newDeliverer(false).Body(webhook.Slack, webhook.Message{Summary: summary})
	header := path(t, decode(t, body), "blocks", 0, "text", "text").(string)
	if n := len([]rune(header)); n > 150 || !strings.HasSuffix(header, "…") {
		t.Errorf("header has %d characters (%q), want at most 150 ending in …", n, header)
	}
}
