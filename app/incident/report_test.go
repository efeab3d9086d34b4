package incident

import (
	"testing"

	"statusdash/app/model"
)

func TestDecide(t *testing.T) {
	maintenance := Ref{ID: 1, Title: "Upgrade", Impact: model.ImpactMaintenance}
	personMajor := Ref{ID: 2, Title: "Disk failure", Impact: model.ImpactMajor, Components: 3}
	personMinor := Ref{ID: 3, Title: "Slow API", Impact: model.ImpactMinor, Components: 1}
	systemMinorAlone := Ref{ID: 4, Title: "Incident", Impact: model.ImpactMinor, System: true, Components: 1}
	systemMinorShared := Ref{ID: 5, Title: "Incident", Impact: model.ImpactMinor, System: true, Components: 2}
	systemMajor := Ref{ID: 6, Title: "Network", Impact: model.ImpactMajor, System: true, Components: 4}
	systemMajorNewer := Ref{ID: 9, Title: "Later", Impact: model.ImpactMajor, System: true, Components: 1}
	systemOutage := Ref{ID: 7, Title: "Down", Impact: model.ImpactOutage, System: true, Components: 1}

	tests := []struct {
		name      string
		situation Situation
		impact    model.Impact
		want      Decision
	}{
		{"1 maintenance wins over everything",
			Situation{Maintenance: &maintenance, Holding: []Ref{personMajor}}, model.ImpactOutage,
			Decision{Action: ActionMaintenance, Existing: maintenance}},
		{"2 person incident of equal impact conflicts",
			Situation{Holding: []Ref{personMajor}}, model.ImpactMajor,
			Decision{Action: ActionConflict, Existing: personMajor}},
		{"2 person incident of higher impact conflicts",
			Situation{Holding: []Ref{personMajor}}, model.ImpactMinor,
			Decision{Action: ActionConflict, Existing: personMajor}},
		{"2 person incident of lower impact is ignored: open new",
			Situation{Holding: []Ref{personMinor}}, model.ImpactMajor,
			Decision{Action: ActionOpen}},
		{"2 person incident of lower impact is ignored: join",
			Situation{Holding: []Ref{personMinor}, OpenSystem: []Ref{systemMajor}}, model.ImpactMajor,
			Decision{Action: ActionJoin, Target: systemMajor}},
		{"3 system incident of equal impact conflicts",
			Situation{Holding: []Ref{systemMajor}, OpenSystem: []Ref{systemMajor}}, model.ImpactMajor,
			Decision{Action: ActionConflict, Existing: systemMajor}},
		{"3 system incident of higher impact conflicts",
			Situation{Holding: []Ref{systemOutage}, OpenSystem: []Ref{systemOutage}}, model.ImpactMinor,
			Decision{Action: ActionConflict, Existing: systemOutage}},
		{"4 only component, no target: raise impact",
			Situation{Holding: []Ref{systemMinorAlone}, OpenSystem: []Ref{systemMinorAlone, systemOutage}}, model.ImpactMajor,
			Decision{Action: ActionRaiseImpact, From: systemMinorAlone}},
		{"4 only component, target exists: move and close",
			Situation{Holding: []Ref{systemMinorAlone}, OpenSystem: []Ref{systemMinorAlone, systemMajorNewer, systemMajor}}, model.ImpactMajor,
			Decision{Action: ActionMoveToExisting, From: systemMinorAlone, Target: systemMajor, CloseFrom: true}},
		{"4 shared, target exists: move, keep old open",
			Situation{Holding: []Ref{systemMinorShared}, OpenSystem: []Ref{systemMinorShared, systemMajor}}, model.ImpactMajor,
			Decision{Action: ActionMoveToExisting, From: systemMinorShared, Target: systemMajor}},
		{"4 shared, no target: move to new",
			Situation{Holding: []Ref{systemMinorShared}, OpenSystem: []Ref{systemMinorShared}}, model.ImpactOutage,
			Decision{Action: ActionMoveToNew, From: systemMinorShared}},
		{"4 person lower and system lower: system rules apply",
			Situation{Holding: []Ref{personMinor, systemMinorAlone}, OpenSystem: []Ref{systemMinorAlone}}, model.ImpactMajor,
			Decision{Action: ActionRaiseImpact, From: systemMinorAlone}},
		{"5 join the oldest open system incident of the impact",
			Situation{OpenSystem: []Ref{systemMajorNewer, systemMajor, systemMinorShared}}, model.ImpactMajor,
			Decision{Action: ActionJoin, Target: systemMajor}},
		{"5 nothing open: open new", Situation{}, model.ImpactMinor, Decision{Action: ActionOpen}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.want.Impact = tt.impact
			if got := Decide(tt.situation, tt.impact); got != tt.want {
				t.Errorf("Decide = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestDecideSystem(t *testing.T) {
	personMinor := Ref{ID: 3, Title: "Slow API", Impact: model.ImpactMinor, Components: 1}
	maintenance := Ref{ID: 1, Title: "Upgrade"}
	tests := []struct {
		name      string
		situation Situation
		want      Action
	}{
		{"person incident of lower impact holds the component", Situation{Holding: []Ref{personMinor}}, ActionConflict},
		{"maintenance", Situation{Maintenance: &maintenance}, ActionMaintenance},
		{"free component opens", Situation{}, ActionOpen},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DecideSystem(tt.situation, model.ImpactOutage); got.Action != tt.want {
				t.Errorf("DecideSystem action = %v, want %v", got.Action, tt.want)
			}
		})
	}
}

func TestDecisionUpdates(t *testing.T) {
	from := Ref{ID: 4, Title: "Incident", Impact: model.ImpactMinor, System: true}
	target := Ref{ID: 6, Title: "Net <down>", Impact: model.ImpactMajor, System: true}
	created := Ref{ID: 10, Title: "Incident", Impact: model.ImpactMajor, System: true}
	const comp = "ECS (EU-DE)"
	tests := []struct {
		name     string
		decision Decision
		want     []PlannedUpdate
	}{
		{"raise", Decision{Action: ActionRaiseImpact, From: from, Impact: model.ImpactMajor},
			[]PlannedUpdate{{4, "SYSTEM", "impact changed from minor to major"}}},
		{"move to existing and close", Decision{Action: ActionMoveToExisting, From: from, Target: target, CloseFrom: true},
			[]PlannedUpdate{
				{4, "SYSTEM", "ECS (EU-DE) moved to <a href='/incidents/6'>Net &lt;down&gt;</a>"},
				{6, "SYSTEM", "ECS (EU-DE) moved from <a href='/incidents/4'>Incident</a>"},
				{4, "resolved", "closed: its last component moved to <a href='/incidents/6'>Net &lt;down&gt;</a>"},
			}},
		{"move to new", Decision{Action: ActionMoveToNew, From: from},
			[]PlannedUpdate{
				{10, "detected", "ECS (EU-DE) added to Incident"},
				{4, "SYSTEM", "ECS (EU-DE) moved to <a href='/incidents/10'>Incident</a>"},
				{10, "SYSTEM", "ECS (EU-DE) moved from <a href='/incidents/4'>Incident</a>"},
			}},
		{"join", Decision{Action: ActionJoin, Target: target}, []PlannedUpdate{{6, "SYSTEM", "ECS (EU-DE) added to Net &lt;down&gt;"}}},
		{"open", Decision{Action: ActionOpen}, []PlannedUpdate{{10, "detected", "ECS (EU-DE) added to Incident"}}},
		{"conflict writes nothing", Decision{Action: ActionConflict, Existing: target}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.decision.Updates(comp, created)
			if len(got) != len(tt.want) {
				t.Fatalf("Updates = %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("update %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}
