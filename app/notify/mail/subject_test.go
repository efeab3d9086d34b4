package mail

import (
	"testing"
	"time"

	"statusdash/app/model"
)

func TestStatusWordAndScope(t *testing.T) {
	ecs := &model.Service{Name: "Elastic Cloud Server"}
	evs := &model.Service{Name: "Elastic Volume Service"}
	de, nl := &model.Region{Name: "EU-DE"}, &model.Region{Name: "EU-NL"}
	ended := time.Now()
	tests := []struct {
		name       string
		event      model.Event
		update     string
		wantStatus string
		wantScope  string
	}{
		{"major incident", model.Event{Type: model.TypeIncident, Impact: model.ImpactMajor, Components: []model.Component{{Service: ecs, Region: de}}}, model.StatusAnalysing, "Partial outage", "Elastic Cloud Server in EU-DE"},
		{"outage in two regions", model.Event{Type: model.TypeIncident, Impact: model.ImpactOutage, Components: []model.Component{{Service: ecs, Region: de}, {Service: ecs, Region: nl}}}, model.StatusFixing, "Major outage", "Elastic Cloud Server in EU-DE, EU-NL"},
		{"minor, two services", model.Event{Type: model.TypeIncident, Impact: model.ImpactMinor, Components: []model.Component{{Service: ecs, Region: de}, {Service: evs, Region: de}}}, model.StatusDetected, "Degraded performance", "Elastic Cloud Server, Elastic Volume Service in EU-DE"},
		{"resolved", model.Event{Type: model.TypeIncident, Impact: model.ImpactMajor, EndAt: &ended}, model.StatusResolved, "Resolved", "All services"},
		{"reopened", model.Event{Type: model.TypeIncident, Impact: model.ImpactMinor}, model.StatusReopened, "Degraded performance", "All services"},
		{"maintenance planned", model.Event{Type: model.TypeMaintenance, Components: []model.Component{{Service: ecs, Region: de}}}, model.StatusPlanned, "Maintenance planned", "Elastic Cloud Server in EU-DE"},
		{"maintenance started", model.Event{Type: model.TypeMaintenance}, model.StatusInProgress, "Under maintenance", "All services"},
		{"maintenance cancelled", model.Event{Type: model.TypeMaintenance}, model.StatusCancelled, "Maintenance cancelled", "All services"},
		{"notice", model.Event{Type: model.TypeInfo}, model.StatusActive, "Notice", "All services"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := StatusWord(&tt.event, tt.update); got != tt.wantStatus {
				t.Errorf("StatusWord = %q, want %q", got, tt.wantStatus)
			}
			if got := Scope(tt.event.Components); got != tt.wantScope {
				t.Errorf("Scope = %q, want %q", got, tt.wantScope)
			}
		})
	}
}

func TestSubjectFoldsLineBreaks(t *testing.T) {
	got := Subject("Partial outage", "Elastic Cloud Server in EU-DE", "Slow\r\nBcc: x@example.com  volume")
	want := "[Partial outage] Elastic Cloud Server in EU-DE: Slow Bcc: x@example.com volume"
	if got != want {
		t.Errorf("Subject = %q, want %q", got, want)
	}
}
