package stackmon

import (
	"time"

	"statusdash/app/model"
)

// V1TimeFormat is how stackmon v1 writes times, in UTC.
const V1TimeFormat = "2006-01-02 15:04"

// V1Incident is an event as stackmon v1 shows it.
type V1Incident struct {
	ID        uint       `json:"id"`
	Text      string     `json:"text"`
	Impact    int        `json:"impact"`
	StartDate string     `json:"start_date"`
	EndDate   *string    `json:"end_date"`
	Updates   []V1Update `json:"updates"`
}

// V1Update is one entry of a v1 incident's history.
type V1Update struct {
	Status    string `json:"status"`
	Text      string `json:"text"`
	Timestamp string `json:"timestamp"`
}

// V1Component is a component with its incidents (GET component_status).
type V1Component struct {
	Component
	Incidents []V1Incident `json:"incidents"`
}

// V1Conflict is the 409 answer of POST component_status.
type V1Conflict struct {
	Message               string    `json:"message"`
	TargetComponent       Component `json:"targetComponent"`
	ExistingIncidentID    uint      `json:"existingIncidentId"`
	ExistingIncidentTitle string    `json:"existingIncidentTitle"`
	Details               string    `json:"details"`
}

func v1Time(t time.Time) string { return t.UTC().Format(V1TimeFormat) }

func v1IncidentJSON(e *model.Event) V1Incident {
	out := V1Incident{ID: e.ID, Text: e.Title, Impact: int(e.Impact), StartDate: v1Time(e.StartAt), Updates: []V1Update{}}
	if e.EndAt != nil {
		end := v1Time(*e.EndAt)
		out.EndDate = &end
	}
	for _, u := range e.Updates {
		out.Updates = append(out.Updates, V1Update{Status: u.Status, Text: u.Text, Timestamp: v1Time(u.At)})
	}
	return out
}
