package statuspage

import (
	"time"
)

// The JSON shapes of Atlassian Statuspage's public v2 files. Fields without
// omitempty are always sent; pointers are sent as null when nil.

// pageInfo is the "page" object heading every file.
type pageInfo struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	URL       string `json:"url"`
	TimeZone  string `json:"time_zone"`
	UpdatedAt stamp  `json:"updated_at"`
}

// statusInfo is the page-wide indicator.
type statusInfo struct {
	Indicator   string `json:"indicator"`
	Description string `json:"description"`
}

// component is a component or, with Group true, a group of components.
type component struct {
	ID                 string   `json:"id"`
	Name               string   `json:"name"`
	Status             string   `json:"status"`
	CreatedAt          stamp    `json:"created_at"`
	UpdatedAt          stamp    `json:"updated_at"`
	Position           int      `json:"position"`
	Description        *string  `json:"description"`
	Showcase           bool     `json:"showcase"`
	StartDate          *string  `json:"start_date"`
	GroupID            *string  `json:"group_id"`
	PageID             string   `json:"page_id"`
	Group              bool     `json:"group"`
	OnlyShowIfDegraded bool     `json:"only_show_if_degraded"`
	Components         []string `json:"components,omitempty"` // groups only: child ids
}

// incident is an incident or, with the scheduled fields, a maintenance.
type incident struct {
	ID              string           `json:"id"`
	Name            string           `json:"name"`
	Status          string           `json:"status"`
	CreatedAt       stamp            `json:"created_at"`
	UpdatedAt       stamp            `json:"updated_at"`
	MonitoringAt    *stamp           `json:"monitoring_at"`
	ResolvedAt      *stamp           `json:"resolved_at"`
	Impact          string           `json:"impact"`
	Shortlink       string           `json:"shortlink"`
	StartedAt       stamp            `json:"started_at"`
	PageID          string           `json:"page_id"`
	IncidentUpdates []incidentUpdate `json:"incident_updates"`
	Components      []component      `json:"components"`
	*schedule
}

// schedule holds the window of a scheduled maintenance.
type schedule struct {
	ScheduledFor   stamp  `json:"scheduled_for"`
	ScheduledUntil *stamp `json:"scheduled_until"`
}

// incidentUpdate is one entry of an incident's history, newest first.
type incidentUpdate struct {
	ID                 string              `json:"id"`
	IncidentID         string              `json:"incident_id"`
	Status             string              `json:"status"`
	Body               string              `json:"body"`
	CreatedAt          stamp               `json:"created_at"`
	UpdatedAt          stamp               `json:"updated_at"`
	DisplayAt          stamp               `json:"display_at"`
	AffectedComponents []affectedComponent `json:"affected_components"`
}

// affectedComponent tells what an update did to one component's status.
type affectedComponent struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	OldStatus string `json:"old_status"`
	NewStatus string `json:"new_status"`
}

// The eight documents.
type (
	summaryFile struct {
		Page                  pageInfo    `json:"page"`
		Components            []component `json:"components"`
		Incidents             []incident  `json:"incidents"`
		ScheduledMaintenances []incident  `json:"scheduled_maintenances"`
		Status                statusInfo  `json:"status"`
	}
	statusFile struct {
		Page   pageInfo   `json:"page"`
		Status statusInfo `json:"status"`
	}
	componentsFile struct {
		Page       pageInfo    `json:"page"`
		Components []component `json:"components"`
	}
	incidentsFile struct {
		Page      pageInfo   `json:"page"`
		Incidents []incident `json:"incidents"`
	}
	maintenancesFile struct {
		Page                  pageInfo   `json:"page"`
		ScheduledMaintenances []incident `json:"scheduled_maintenances"`
	}
)

// stampLayout is RFC 3339 with milliseconds, as Statuspage writes its times.
const stampLayout = "2006-01-02T15:04:05.000Z07:00"

// stamp is a time written in UTC with milliseconds.
type stamp time.Time

// MarshalJSON writes the quoted RFC 3339 time.
func (s stamp) MarshalJSON() ([]byte, error) {
	buf := make([]byte, 0, len(stampLayout)+2)
	buf = append(buf, '"')
	buf = time.Time(s).UTC().AppendFormat(buf, stampLayout)
	return append(buf, '"'), nil
}

func stampOf(t *time.Time) *stamp {
	if t == nil {
		return nil
	}
	s := stamp(*t)
	return &s
}
