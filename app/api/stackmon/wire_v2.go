package stackmon

import (
	"math"
	"time"

	"statusdash/app/model"
	"statusdash/app/store"
)

// V2Event is an event as stackmon v2 shows it; EndDate is omitted while open.
type V2Event struct {
	ID          uint       `json:"id"`
	Title       string     `json:"title"`
	Description string     `json:"description"`
	Impact      int        `json:"impact"`
	Components  []uint     `json:"components"`
	StartDate   string     `json:"start_date"`
	EndDate     string     `json:"end_date,omitempty"`
	System      bool       `json:"system"`
	Type        string     `json:"type"`
	Updates     []V2Update `json:"updates"`
	Status      string     `json:"status"`
}

// V2Update is one entry of an event's history; ID is its index, oldest first.
type V2Update struct {
	ID        int    `json:"id"`
	Status    string `json:"status"`
	Text      string `json:"text"`
	Timestamp string `json:"timestamp"`
}

// V2EventList is the answer of GET /v2/events.
type V2EventList struct {
	Data       []V2Event    `json:"data"`
	Pagination V2Pagination `json:"pagination"`
}

// V2Pagination describes the page of a V2EventList.
type V2Pagination struct {
	PageIndex      int   `json:"pageIndex"`
	RecordsPerPage int   `json:"recordsPerPage"`
	TotalRecords   int64 `json:"totalRecords"`
	TotalPages     int64 `json:"totalPages"`
}

// V2CreateResult is the answer of POST /v2/events.
type V2CreateResult struct {
	Result []V2ComponentResult `json:"result"`
}

// V2ComponentResult says which event now holds one component.
type V2ComponentResult struct {
	ComponentID uint   `json:"component_id"`
	IncidentID  uint   `json:"incident_id"`
	Error       string `json:"error,omitempty"`
}

// V2ComponentList is the answer of GET /v2/components.
type V2ComponentList = []Component

// V2Availability is the answer of GET /v2/availability.
type V2Availability struct {
	Data []V2ComponentAvailability `json:"data"`
}

// V2ComponentAvailability is one component's last twelve months, newest
// first; the months before it existed are left out.
type V2ComponentAvailability struct {
	ID           uint      `json:"id"`
	Name         string    `json:"name"`
	Region       string    `json:"region"`
	Availability []V2Month `json:"availability"`
}

// V2Month is one month's availability in percent.
type V2Month struct {
	Year       int     `json:"year"`
	Month      int     `json:"month"`
	Percentage float64 `json:"percentage"`
}

func v2Time(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func v2EventJSON(e *model.Event) V2Event {
	out := V2Event{ID: e.ID, Title: e.Title, Description: e.Description, Impact: int(e.Impact),
		Components: []uint{}, StartDate: v2Time(e.StartAt), System: e.System, Type: string(e.Type),
		Updates: []V2Update{}, Status: e.Status}
	if e.EndAt != nil {
		out.EndDate = v2Time(*e.EndAt)
	}
	for _, c := range e.Components {
		out.Components = append(out.Components, c.ID)
	}
	for i, u := range e.Updates {
		out.Updates = append(out.Updates, v2UpdateJSON(i, u))
	}
	return out
}

func v2UpdateJSON(index int, u model.EventUpdate) V2Update {
	return V2Update{ID: index, Status: u.Status, Text: u.Text, Timestamp: v2Time(u.At)}
}

func v2AvailabilityJSON(report *store.Availability) V2Availability {
	out := V2Availability{Data: []V2ComponentAvailability{}}
	for _, row := range report.Rows {
		c := componentJSON(row.Component)
		entry := V2ComponentAvailability{ID: c.ID, Name: c.Name, Availability: []V2Month{}}
		if row.Component.Region != nil {
			entry.Region = row.Component.Region.Name
		}
		for _, month := range row.Months {
			if month.NoData {
				continue // before the component existed: no figure, rather than a made-up 100
			}
			start := month.Period.Start
			entry.Availability = append(entry.Availability, V2Month{Year: start.Year(), Month: int(start.Month()),
				Percentage: math.Round(month.Percent()*100000) / 100000})
		}
		out.Data = append(out.Data, entry)
	}
	return out
}
