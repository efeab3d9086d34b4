package web

import (
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"statusdash/app/incident"
	"statusdash/app/model"
)

// manageEventPage is the data of pages/manage_event: the event, its
// updates, and every form that changes it. The form that was submitted and
// failed carries its values and errors; the others their defaults.
type manageEventPage struct {
	managePage
	Event *model.Event
	// Updates are newest first, each with its index for the edit link.
	Updates []updateRow
	Open    bool
	// ClosedIncident is true for a resolved incident: only reopened and changed.
	ClosedIncident bool
	// Planned is true for a window or notice that has not ended.
	Planned bool
	// Finished is true for a completed or cancelled window or notice, which
	// takes no more updates.
	Finished bool

	General updateFormView
	Impact  updateFormView
	Resolve updateFormView
	Closed  updateFormView
	Window  updateFormView
	Cancel  updateFormView
	Edit    editFormView
	Extract extractFormView
}

// updateRow is one update with its place in the oldest-first history.
type updateRow struct {
	Index  int
	Update model.EventUpdate
}

// updateFormView is one update form: its values, errors and choices.
type updateFormView struct {
	Values   updateForm
	Errors   incident.FieldErrors
	Statuses []statusChoice
	Impacts  []impactChoice
}

type statusChoice struct {
	Value    string
	Selected bool
}

type editFormView struct {
	Values editForm
	Errors incident.FieldErrors
}

type extractFormView struct {
	Choices []componentChoice
	Errors  incident.FieldErrors
}

// showEvent (GET /manage/events/:id) shows the event with its forms.
func (m *manager) showEvent(c echo.Context) error {
	id, err := eventID(c)
	if err != nil {
		return err
	}
	event, err := m.loadEvent(c, id)
	if err != nil {
		return err
	}
	return m.render(c, http.StatusOK, pageManageEvent, m.eventPage(c, event))
}

// eventPage builds the page with every form at its defaults.
func (m *manager) eventPage(c echo.Context, e *model.Event) *manageEventPage {
	now := m.server.now()
	page := &manageEventPage{managePage: m.page(c, e.Title, "manage"), Event: e, Open: e.IsOpen(now)}
	zone := page.Zone
	page.ClosedIncident = e.Type == model.TypeIncident && e.EndAt != nil
	page.Finished = windowFinished(e)
	page.Planned = e.Type != model.TypeIncident && !page.Finished && (e.EndAt == nil || e.EndAt.After(now))
	for i, update := range e.Updates {
		page.Updates = append(page.Updates, updateRow{Index: i, Update: update})
	}
	slices.Reverse(page.Updates)

	at := formatLocalTime(now, zone)
	statuses := slices.DeleteFunc(slices.Clone(incident.Statuses(e)), func(s string) bool {
		return s == model.StatusImpactChanged || (page.ClosedIncident && s == model.StatusResolved) ||
			(e.Type == model.TypeMaintenance && e.Status == model.StatusInProgress && s == model.StatusPlanned)
	})
	page.General = updateFormView{Values: updateForm{Form: updateFormGeneral, At: at, Status: nextStatus(e, statuses)}}
	page.General.Statuses = statusChoices(statuses, page.General.Values.Status)
	page.Impact = updateFormView{Values: updateForm{Form: updateFormImpact, Status: model.StatusImpactChanged, At: at},
		Impacts: impactChoices("")}
	page.Resolve = updateFormView{Values: updateForm{Form: updateFormResolve, Status: model.StatusResolved, At: at,
		Message: "The issue is resolved."}}
	closedEnd := ""
	if e.EndAt != nil {
		closedEnd = formatLocalTime(*e.EndAt, zone)
	}
	page.Closed = updateFormView{Values: updateForm{Form: updateFormClosed, Status: model.StatusReopened, At: at, End: closedEnd},
		Statuses: statusChoices(model.ClosedIncidentStatuses, model.StatusReopened)}
	windowEnd := ""
	if e.EndAt != nil {
		windowEnd = formatLocalTime(*e.EndAt, zone)
	}
	page.Window = updateFormView{Values: updateForm{Form: updateFormWindow, Status: model.StatusModified, At: at,
		Start: formatLocalTime(e.StartAt, zone), End: windowEnd}}
	page.Cancel = updateFormView{Values: updateForm{Form: updateFormCancel, Status: model.StatusCancelled, At: at}}
	page.Edit = editFormView{Values: editForm{Title: e.Title, Description: e.Description}}
	page.Extract = extractFormView{Choices: eventComponentChoices(e, nil)}
	return page
}

// nextStatus preselects the status an operator most likely posts next.
func nextStatus(e *model.Event, allowed []string) string {
	if slices.Contains(allowed, e.Status) {
		return e.Status
	}
	if len(allowed) > 0 {
		return allowed[0]
	}
	return ""
}

func statusChoices(statuses []string, selected string) []statusChoice {
	choices := make([]statusChoice, len(statuses))
	for i, status := range statuses {
		choices[i] = statusChoice{Value: status, Selected: status == selected}
	}
	return choices
}

// withUpdateErrors puts the failed update form's values and errors on the page.
func (p *manageEventPage) withUpdateErrors(form updateForm, errs incident.FieldErrors) {
	p.Errors = errs
	view := updateFormView{Values: form, Errors: errs}
	switch form.Form {
	case updateFormImpact:
		view.Impacts = impactChoices(form.Impact)
		p.Impact = view
	case updateFormResolve:
		p.Resolve = view
	case updateFormClosed:
		view.Statuses = statusChoices(model.ClosedIncidentStatuses, form.Status)
		p.Closed = view
	case updateFormWindow:
		p.Window = view
	case updateFormCancel:
		p.Cancel = view
	default:
		statuses := make([]string, 0, len(p.General.Statuses)+1)
		for _, choice := range p.General.Statuses {
			statuses = append(statuses, choice.Value)
		}
		view.Statuses = statusChoices(statuses, form.Status)
		p.General = view
	}
}
