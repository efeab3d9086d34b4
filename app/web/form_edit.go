package web

import (
	"net/url"
	"strings"
	"time"

	"statusdash/app/incident"
	"statusdash/app/model"
)

// editForm changes an event's title and description.
type editForm struct {
	Title       string
	Description string
}

func parseEditForm(values url.Values) editForm {
	return editForm{Title: strings.TrimSpace(values.Get("title")), Description: values.Get("description")}
}

func validateEditForm(f editForm, e *model.Event, now time.Time) (incident.Edit, incident.FieldErrors) {
	ed := incident.Edit{Title: &f.Title, Description: &f.Description}
	return ed, incident.ValidateEdit(e, ed, now)
}

// updateTextForm replaces the text of one update.
type updateTextForm struct {
	Text string
}

func parseUpdateTextForm(values url.Values) updateTextForm {
	return updateTextForm{Text: values.Get("text")}
}

func validateUpdateTextForm(f updateTextForm) incident.FieldErrors {
	return incident.ValidateUpdateText(f.Text)
}

// extractForm names the components of an incident to move into a new one.
type extractForm struct {
	Components []string
}

func parseExtractForm(values url.Values) extractForm {
	return extractForm{Components: values["components"]}
}

// validateExtractForm checks the choice against the incident: an open
// incident, at least one component chosen, each its own, one left behind.
func validateExtractForm(f extractForm, e *model.Event) ([]uint, incident.FieldErrors) {
	errs := incident.FieldErrors{}
	held := func(id uint) bool {
		for _, component := range e.Components {
			if component.ID == id {
				return true
			}
		}
		return false
	}
	ids, message := parseComponentIDs(f.Components, held)
	switch {
	case e.Type != model.TypeIncident:
		errs.Add("components", "only an incident's components can be extracted")
	case e.EndAt != nil:
		errs.Add("components", "the incident is closed; reopen it first")
	case message != "":
		errs.Add("components", strings.Replace(message, "unknown component", "not in this incident: component", 1))
	case len(ids) == 0:
		errs.Add("components", "choose at least one component to extract")
	case len(ids) >= len(e.Components):
		errs.Add("components", "at least one component must stay in the incident")
	}
	return ids, errs
}
