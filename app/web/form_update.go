package web

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"statusdash/app/incident"
	"statusdash/app/model"
)

// Names of the forms on an event's page that post an update; each shows
// its own errors.
const (
	updateFormGeneral = "update"
	updateFormImpact  = "impact"
	updateFormResolve = "resolve"
	updateFormClosed  = "closed"
	updateFormWindow  = "window"
	updateFormCancel  = "cancel"
)

var updateFormNames = []string{updateFormGeneral, updateFormImpact, updateFormResolve, updateFormClosed, updateFormWindow, updateFormCancel}

// updateForm is a status update as submitted: a status with its message and
// time, and what the status changes (impact, a closed incident's end, a
// window's times).
type updateForm struct {
	Form    string
	Status  string
	Message string
	At      string
	Impact  string
	Start   string
	End     string
	// Quiet is the "notify subscribers" box left unchecked.
	Quiet bool
}

func parseUpdateForm(values url.Values) updateForm {
	f := updateForm{
		Form:    strings.TrimSpace(values.Get("form")),
		Status:  strings.TrimSpace(values.Get("status")),
		Message: values.Get("message"),
		At:      strings.TrimSpace(values.Get("update_date")),
		Impact:  strings.TrimSpace(values.Get("impact")),
		Start:   strings.TrimSpace(values.Get("start_date")),
		End:     strings.TrimSpace(values.Get("end_date")),
		Quiet:   quietUpdate(values),
	}
	if !slices.Contains(updateFormNames, f.Form) {
		f.Form = updateFormGeneral
	}
	return f
}

// quietUpdate tells an unchecked "notify subscribers" box: the form sends
// notify=off, then notify=on when the box is checked; a post without the
// field (an older page) notifies.
func quietUpdate(values url.Values) bool {
	notify, sent := values["notify"]
	return sent && !slices.Contains(notify, "on")
}

// validateUpdateForm turns the form into an update of e: an empty time is
// now; times are read in zone. The incident rules give the other errors.
func validateUpdateForm(f updateForm, e *model.Event, zone *time.Location, now time.Time) (incident.Update, incident.FieldErrors) {
	errs := incident.FieldErrors{}
	u := incident.Update{Status: f.Status, Message: f.Message, At: now.UTC()}
	if f.At != "" {
		at, err := parseLocalTime(f.At, zone)
		if err != nil {
			errs.Add("update_date", err.Error())
		} else {
			u.At = at
		}
	}
	if f.Impact != "" {
		impact, err := strconv.Atoi(f.Impact)
		if err != nil {
			errs.Add("impact", "must be 1 (minor), 2 (major) or 3 (outage)")
		} else {
			value := model.Impact(impact)
			u.Impact = &value
		}
	} else if f.Status == model.StatusImpactChanged && e.Type == model.TypeIncident {
		errs.Add("impact", "choose the new impact")
	}
	if u.Impact != nil && *u.Impact == e.Impact && f.Status == model.StatusImpactChanged {
		errs.Add("impact", fmt.Sprintf("is %s already; choose another", e.Impact))
	}
	start, message := optionalLocalTime(f.Start, zone)
	if message != "" {
		errs.Add("start_date", message)
	}
	u.StartAt = start
	end, message := optionalLocalTime(f.End, zone)
	if message != "" {
		errs.Add("end_date", message)
	}
	u.EndAt = end
	checkWindowStatus(errs, e, f.Status)
	for field, message := range incident.ValidateUpdate(e, u, now) {
		errs.Add(field, message)
	}
	return u, errs
}

// windowFinished reports whether e is a maintenance window or notice that
// is over: completed or cancelled.
func windowFinished(e *model.Event) bool {
	return e.Type != model.TypeIncident && (e.Status == model.StatusCompleted || e.Status == model.StatusCancelled)
}

// checkWindowStatus keeps a window's history true: a finished window takes
// no more updates (cancelling it would move its end, planning it again would
// make the maintenance job run it twice), and a maintenance in progress is
// not planned again.
func checkWindowStatus(errs incident.FieldErrors, e *model.Event, status string) {
	switch {
	case windowFinished(e):
		errs.Add("status", fmt.Sprintf("this %s is %s and takes no more updates; schedule a new one", e.Type, e.Status))
	case e.Type == model.TypeMaintenance && e.Status == model.StatusInProgress && status == model.StatusPlanned:
		errs.Add("status", fmt.Sprintf("the maintenance is in progress; post %q to move its times", model.StatusModified))
	}
}
