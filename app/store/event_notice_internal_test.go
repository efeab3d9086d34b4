package store

import (
	"slices"
	"testing"
	"time"

	"statusdash/app/model"
)

func TestNoticeChanges(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	end := start.Add(time.Hour)
	incident := func(impact int, end *time.Time, updates ...string) *auditEvent {
		a := &auditEvent{Type: string(model.TypeIncident), Impact: impact, StartAt: start, EndAt: end}
		for _, status := range updates {
			a.Updates = append(a.Updates, auditUpdate{Status: status})
		}
		return a
	}
	window := func(status string, start time.Time, updates ...string) *auditEvent {
		a := &auditEvent{Type: string(model.TypeMaintenance), Status: status, StartAt: start, EndAt: &end}
		for _, status := range updates {
			a.Updates = append(a.Updates, auditUpdate{Status: status})
		}
		return a
	}
	tests := []struct {
		name          string
		before, after *auditEvent
		want          []string
	}{
		{"incident opened", nil, incident(1, nil, model.StatusDetected), []string{ChangeOpened}},
		{"update posted", incident(1, nil), incident(1, nil, model.StatusFixing), []string{ChangeUpdatePosted}},
		{"impact changed", incident(1, nil), incident(3, nil, model.StatusImpactChanged), []string{ChangeUpdatePosted, ChangeImpactChanged}},
		{"resolved", incident(1, nil), incident(1, &end, model.StatusResolved), []string{ChangeUpdatePosted, ChangeResolved}},
		{"reopened", incident(1, &end), incident(1, nil, model.StatusReopened), []string{ChangeUpdatePosted, ChangeReopened}},
		{"component moved away", incident(2, nil), incident(2, nil, model.StatusSystem), nil},
		{"window scheduled", nil, window(model.StatusPlanned, start, model.StatusPlanned), []string{ChangeScheduled}},
		{"window moved", window(model.StatusPlanned, start), window(model.StatusPlanned, start.Add(time.Hour)), []string{ChangeChanged}},
		{"window cancelled", window(model.StatusPlanned, start), window(model.StatusCancelled, start, model.StatusCancelled), []string{ChangeUpdatePosted, ChangeCancelled}},
		{"window started", window(model.StatusPlanned, start), window(model.StatusInProgress, start, model.StatusInProgress), []string{ChangeUpdatePosted, ChangeStarted}},
		{"window ended", window(model.StatusInProgress, start), window(model.StatusCompleted, start, model.StatusCompleted), []string{ChangeUpdatePosted, ChangeEnded}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := noticeChanges(tt.before, tt.after); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
