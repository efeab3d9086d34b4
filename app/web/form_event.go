package web

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"statusdash/app/incident"
	"statusdash/app/model"
)

// eventForm is the form that opens an incident, schedules maintenance or
// posts an info notice, as submitted (kept as text to show it again).
type eventForm struct {
	Type        model.EventType
	Title       string
	Description string
	Impact      string
	Components  []string
	Start       string
	End         string
	Message     string
}

// parseEventForm reads the form's fields; the type comes from the route.
func parseEventForm(values url.Values, eventType model.EventType) eventForm {
	return eventForm{
		Type:        eventType,
		Title:       strings.TrimSpace(values.Get("title")),
		Description: values.Get("description"),
		Impact:      strings.TrimSpace(values.Get("impact")),
		Components:  values["components"],
		Start:       strings.TrimSpace(values.Get("start_date")),
		End:         strings.TrimSpace(values.Get("end_date")),
		Message:     values.Get("message"),
	}
}

// blankEventForm is the form as first shown: an incident starts now with
// minor impact, a window tomorrow for an hour.
func blankEventForm(eventType model.EventType, now time.Time, zone *time.Location) eventForm {
	f := eventForm{Type: eventType, Impact: "0"}
	switch eventType {
	case model.TypeIncident:
		f.Impact = "1"
		f.Start = formatLocalTime(now, zone)
	case model.TypeMaintenance, model.TypeInfo:
		start := now.In(zone).Truncate(time.Hour).Add(24 * time.Hour)
		f.Start = formatLocalTime(start, zone)
		f.End = formatLocalTime(start.Add(time.Hour), zone)
	}
	return f
}

// checkedIDs are the submitted component ids that are numbers, to tick
// them again when the form is shown with errors.
func checkedIDs(raw []string) []uint {
	ids := make([]uint, 0, len(raw))
	for _, value := range raw {
		if id, err := strconv.ParseUint(strings.TrimSpace(value), 10, 32); err == nil {
			ids = append(ids, uint(id))
		}
	}
	return ids
}

// validateEventForm turns the form into a new event, with the incident
// rules' field errors plus those of reading the text: times in zone, an
// empty incident start meaning now, components known to the catalog.
func validateEventForm(f eventForm, zone *time.Location, now time.Time, known func(uint) bool) (incident.NewEvent, incident.FieldErrors) {
	errs := incident.FieldErrors{}
	in := incident.NewEvent{Type: f.Type, Title: f.Title, Description: f.Description, Message: f.Message}
	if f.Type != model.TypeIncident {
		in.Impact = model.ImpactMaintenance
	} else if impact, err := strconv.Atoi(f.Impact); err == nil {
		in.Impact = model.Impact(impact)
	} else {
		errs.Add("impact", "must be 1 (minor), 2 (major) or 3 (outage)")
	}
	ids, message := parseComponentIDs(f.Components, known)
	if message != "" {
		errs.Add("components", message)
	}
	in.ComponentIDs = ids
	switch {
	case f.Start == "" && f.Type == model.TypeIncident:
		in.StartAt = now.UTC()
	case f.Start != "":
		start, err := parseLocalTime(f.Start, zone)
		if err != nil {
			errs.Add("start_date", err.Error())
		}
		in.StartAt = start
	}
	end, message := optionalLocalTime(f.End, zone)
	if message != "" {
		errs.Add("end_date", message)
	}
	in.EndAt = end
	for field, message := range incident.ValidateNewEvent(in, now) {
		if field == "start_date" && errs["start_date"] != "" {
			continue
		}
		if field == "end_date" && errs["end_date"] != "" {
			continue
		}
		errs.Add(field, message)
	}
	return in, errs
}
