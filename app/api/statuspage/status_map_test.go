package statuspage

import (
	"testing"
	"time"

	"statusdash/app/model"
	"statusdash/app/store"
)

func TestIncidentStatusOf(t *testing.T) {
	tests := []struct {
		ours   string
		want   string
		wantOK bool
	}{
		{model.StatusDetected, incidentInvestigating, true},
		{model.StatusAnalysing, incidentInvestigating, true},
		{model.StatusFixing, incidentIdentified, true},
		{model.StatusObserving, incidentMonitoring, true},
		{model.StatusResolved, incidentResolved, true},
		{model.StatusChanged, incidentResolved, true},
		{model.StatusReopened, incidentInvestigating, true},
		{model.StatusImpactChanged, "", false},
		{model.StatusSystem, "", false},
	}
	for _, tt := range tests {
		if got, ok := incidentStatusOf(tt.ours); got != tt.want || ok != tt.wantOK {
			t.Errorf("incidentStatusOf(%q) = %q, %v, want %q, %v", tt.ours, got, ok, tt.want, tt.wantOK)
		}
	}
}

// TestReopenedIncident: the reopening update is "investigating" and puts the
// components back out of operational; the incident is unresolved again.
func TestReopenedIncident(t *testing.T) {
	at := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	ecs := model.Component{ID: 1, Service: &model.Service{Name: "Elastic Cloud Server"}}
	e := &model.Event{ID: 7, Type: model.TypeIncident, Title: "ECS slow", Impact: model.ImpactMajor, StartAt: at,
		Components: []model.Component{ecs},
		Updates: []model.EventUpdate{
			{Status: model.StatusDetected, Text: "Slow.", At: at},
			{Status: model.StatusResolved, Text: "Fine.", At: at.Add(time.Hour)},
			{Status: model.StatusReopened, Text: "Slow again.", At: at.Add(2 * time.Hour)},
		}}
	v := &view{data: &store.StatuspageData{Now: at.Add(3 * time.Hour)}, byID: map[uint]*component{}}
	got := v.incident(e)
	if got.Status != incidentInvestigating || got.ResolvedAt != nil {
		t.Errorf("status %q, resolved_at %v, want investigating and null", got.Status, got.ResolvedAt)
	}
	reopening := got.IncidentUpdates[0] // newest first
	if reopening.Status != incidentInvestigating {
		t.Errorf("reopening update status %q, want %q", reopening.Status, incidentInvestigating)
	}
	if len(reopening.AffectedComponents) != 1 || reopening.AffectedComponents[0].OldStatus != componentOperational ||
		reopening.AffectedComponents[0].NewStatus != componentPartial {
		t.Errorf("reopening update affected_components = %+v, want operational to partial_outage", reopening.AffectedComponents)
	}
}
