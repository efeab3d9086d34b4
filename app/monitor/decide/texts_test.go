package decide

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"statusdash/app/incident"
	"statusdash/app/model"
	"statusdash/app/monitor/probe"
)

func TestTitle(t *testing.T) {
	ecs := model.Component{ID: 1, Service: &model.Service{Name: "Elastic Cloud Server"}, Region: &model.Region{Name: "EU-DE"}}
	long := model.Component{ID: 2, Service: &model.Service{Name: strings.Repeat("x", 300)}, Region: &model.Region{Name: "EU-DE"}}
	tests := []struct {
		name      string
		component model.Component
		kind      probe.Kind
		want      string
	}{
		{"service in region", ecs, probe.KindHTTP, "Elastic Cloud Server in EU-DE: HTTP check failing"},
		{"heartbeat", ecs, probe.KindHeartbeat, "Elastic Cloud Server in EU-DE: heartbeat check failing"},
		{"no names loaded", model.Component{ID: 7}, probe.KindTCP, "component 7: TCP check failing"},
	}
	for _, tt := range tests {
		if got := Title(tt.component, tt.kind); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
	if got := Title(long, probe.KindHTTP); utf8.RuneCountInString(got) != incident.MaxTitle || incident.TitleProblem(got) != "" {
		t.Errorf("a long name gives %d characters (%q), want %d and a valid title", utf8.RuneCountInString(got), incident.TitleProblem(got), incident.MaxTitle)
	}
}

func TestRecoveryTexts(t *testing.T) {
	def := probe.Definition{Kind: probe.KindTCP, Target: "db.example.org:5432"}
	now := time.Date(2026, 12, 3, 10, 45, 0, 0, time.UTC)
	tests := []struct {
		name  string
		tally Tally
		since time.Time
		want  string
	}{
		{"same day", Tally{Up: 3, Reporting: 3}, time.Date(2026, 12, 3, 10, 42, 30, 0, time.UTC),
			"Resolved automatically: the TCP check of db.example.org:5432 succeeded from 3 of 3 locations since 10:42 UTC"},
		{"day before", Tally{Up: 2, Reporting: 3}, time.Date(2026, 12, 2, 23, 59, 0, 0, time.UTC),
			"Resolved automatically: the TCP check of db.example.org:5432 succeeded from 2 of 3 locations since 2 Dec 2026 23:59 UTC"},
		{"one location", Tally{Up: 1, Reporting: 1}, now,
			"Resolved automatically: the TCP check of db.example.org:5432 succeeded from 1 of 1 location since 10:45 UTC"},
	}
	for _, tt := range tests {
		if got := ResolvedText(def, tt.tally, tt.since, now); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
	ecs := model.Component{ID: 1, Service: &model.Service{Name: "Elastic Cloud Server"}, Region: &model.Region{Name: "EU-DE"}}
	want := "Elastic Cloud Server (EU-DE) recovered automatically: the TCP check of db.example.org:5432 succeeded from 3 of 3 locations since 10:42 UTC"
	if got := RecoveredText(ecs, def, Tally{Up: 3, Reporting: 3}, tests[0].since, now); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
