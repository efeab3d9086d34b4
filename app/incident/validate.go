package incident

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"statusdash/app/model"
)

// Limits of user input.
const (
	MaxTitle = 200
	MaxText  = 10000
	// MaxComponents bounds every list of component ids a client sends: far
	// above any event's real reach, far below the databases' parameter limits.
	MaxComponents = 1000
	// ClockSkew tolerates clients whose clock runs a little ahead when a time
	// must not be in the future.
	ClockSkew = time.Minute
)

// TooManyComponents is the message for a list of more than MaxComponents ids.
const TooManyComponents = "may list at most 1000 components"

// NewEvent is an incident, maintenance window or info notice to open.
type NewEvent struct {
	Type         model.EventType
	Title        string
	Description  string
	Impact       model.Impact
	ComponentIDs []uint
	StartAt      time.Time
	EndAt        *time.Time
	// Message is the first update's text; empty gives a default.
	Message string
}

// Update is a status update posted on an event, with the changes it carries.
// Nil pointers leave the field as it is.
type Update struct {
	Status  string
	Message string
	At      time.Time
	// Impact changes the impact; it needs status "impact changed".
	Impact      *model.Impact
	Title       *string
	Description *string
	StartAt     *time.Time
	// EndAt is the corrected end for status "changed", or a maintenance's new end.
	EndAt *time.Time
}

// Edit changes an event's title, description or times without an update.
type Edit struct {
	Title       *string
	Description *string
	StartAt     *time.Time
	EndAt       *time.Time
}

// ValidateNewEvent checks an event before it is opened.
func ValidateNewEvent(e NewEvent, now time.Time) FieldErrors {
	errs := FieldErrors{}
	if !e.Type.Valid() {
		errs.Add("type", "must be incident, maintenance or info")
	}
	checkTitle(errs, e.Title)
	checkText(errs, "description", e.Description, false)
	checkText(errs, "message", e.Message, false)
	checkImpact(errs, e.Type, e.Impact)
	if len(e.ComponentIDs) == 0 && e.Type != model.TypeInfo {
		errs.Add("components", "choose at least one component")
	}
	if slices.Contains(e.ComponentIDs, 0) {
		errs.Add("components", "unknown component 0")
	}
	if len(e.ComponentIDs) > MaxComponents {
		errs.Add("components", TooManyComponents)
	}
	if e.StartAt.IsZero() {
		errs.Add("start_date", "is required")
		return errs
	}
	switch e.Type {
	case model.TypeIncident:
		checkNotFuture(errs, "start_date", e.StartAt, now)
		if e.EndAt != nil {
			errs.Add("end_date", "an incident opens without an end; resolve it with an update")
		}
	case model.TypeMaintenance:
		if e.EndAt == nil {
			errs.Add("end_date", "a maintenance needs an end")
		}
		checkEndAfterStart(errs, e.StartAt, e.EndAt)
	case model.TypeInfo:
		checkEndAfterStart(errs, e.StartAt, e.EndAt)
	}
	return errs
}

// ValidateUpdate checks an update against the event as it is now. The
// event's Updates must be loaded to check the order of times.
func ValidateUpdate(e *model.Event, u Update, now time.Time) FieldErrors {
	errs := FieldErrors{}
	checkStatus(errs, e, u.Status)
	checkText(errs, "message", u.Message, true)
	if u.Title != nil {
		checkTitle(errs, *u.Title)
	}
	if u.Description != nil {
		checkText(errs, "description", *u.Description, false)
	}
	if u.Impact != nil {
		checkImpact(errs, e.Type, *u.Impact)
		if *u.Impact != e.Impact && u.Status != model.StatusImpactChanged {
			errs.Add("impact", fmt.Sprintf("changing the impact needs status %q", model.StatusImpactChanged))
		}
	}
	start := e.StartAt
	if u.StartAt != nil {
		start = *u.StartAt
		if e.Type == model.TypeIncident {
			checkNotFuture(errs, "start_date", start, now)
		}
	}
	if u.At.IsZero() {
		errs.Add("update_date", "is required")
	} else {
		checkNotFuture(errs, "update_date", u.At, now)
		// Forms send minutes and the API shows seconds: the start's minute
		// is fine (ApplyUpdate moves such an update up to the start).
		if e.Type == model.TypeIncident && u.At.Before(start.Truncate(time.Minute)) {
			errs.Add("update_date", "may not be before the start")
		}
		// Forms send minutes only: the minute of the previous update is fine.
		if last, ok := lastUpdateAt(e); ok && u.At.Before(last.Truncate(time.Minute)) {
			errs.Add("update_date", "may not be before the previous update")
		}
	}
	end := e.EndAt
	if u.EndAt != nil {
		end = u.EndAt
	}
	switch {
	case e.Type == model.TypeIncident && u.Status == model.StatusChanged:
		if u.EndAt == nil {
			errs.Add("end_date", fmt.Sprintf("is required with status %q", model.StatusChanged))
		} else {
			checkEndAfterStart(errs, start, u.EndAt)
			checkNotFuture(errs, "end_date", *u.EndAt, now)
		}
	case e.Type == model.TypeIncident:
		if u.EndAt != nil {
			errs.Add("end_date", fmt.Sprintf("an incident's end is set by status %q or %q", model.StatusResolved, model.StatusChanged))
		}
	case e.Type == model.TypeMaintenance && end == nil:
		errs.Add("end_date", "a maintenance needs an end")
	default:
		checkEndAfterStart(errs, start, end)
	}
	return errs
}

// ValidateEdit checks an edit of title, description or times.
func ValidateEdit(e *model.Event, ed Edit, now time.Time) FieldErrors {
	errs := FieldErrors{}
	if ed.Title != nil {
		checkTitle(errs, *ed.Title)
	}
	if ed.Description != nil {
		checkText(errs, "description", *ed.Description, false)
	}
	start, end := e.StartAt, e.EndAt
	if ed.StartAt != nil {
		start = *ed.StartAt
		if start.IsZero() {
			errs.Add("start_date", "is required")
		}
	}
	if ed.EndAt != nil {
		end = ed.EndAt
	}
	if e.Type == model.TypeIncident {
		if ed.StartAt != nil {
			checkNotFuture(errs, "start_date", start, now)
			if first, ok := firstUpdateAt(e); ok && start.After(first) {
				errs.Add("start_date", "may not be after the first update")
			}
		}
		if ed.EndAt != nil {
			if e.EndAt == nil {
				errs.Add("end_date", fmt.Sprintf("an open incident has no end; resolve it with status %q", model.StatusResolved))
			} else {
				checkNotFuture(errs, "end_date", *ed.EndAt, now)
			}
		}
	} else if e.Type == model.TypeMaintenance && end == nil {
		errs.Add("end_date", "a maintenance needs an end")
	}
	// A window called off before it began starts and ends at once: an edit
	// of its title alone stays possible.
	if ed.StartAt != nil || ed.EndAt != nil {
		checkEndAfterStart(errs, start, end)
	}
	return errs
}

// ValidateUpdateText checks the new text of an existing update.
func ValidateUpdateText(text string) FieldErrors {
	errs := FieldErrors{}
	checkText(errs, "text", text, true)
	return errs
}

// Statuses lists the statuses an operator may post on the event now.
func Statuses(e *model.Event) []string {
	switch {
	case e.Type == model.TypeIncident && e.EndAt != nil:
		return model.ClosedIncidentStatuses
	case e.Type == model.TypeIncident:
		return model.OpenStatuses(e.Type)
	case Finished(e):
		return nil
	case e.Status == model.StatusInProgress || e.Status == model.StatusActive:
		// A window that has begun cannot be planned again: the job would run it twice.
		return slices.DeleteFunc(slices.Clone(model.OpenStatuses(e.Type)), func(s string) bool { return s == model.StatusPlanned })
	}
	return model.OpenStatuses(e.Type)
}

// Finished reports whether a maintenance or info notice is completed or
// cancelled: it takes no more status updates.
func Finished(e *model.Event) bool {
	return e.Type != model.TypeIncident && (e.Status == model.StatusCompleted || e.Status == model.StatusCancelled)
}

func checkStatus(errs FieldErrors, e *model.Event, status string) {
	allowed := Statuses(e)
	switch {
	case status == "":
		errs.Add("status", "is required")
	case slices.Contains(allowed, status):
	case e.Type == model.TypeIncident && e.EndAt != nil:
		errs.Add("status", fmt.Sprintf("a closed incident accepts only %s", strings.Join(allowed, " or ")))
	case Finished(e):
		errs.Add("status", fmt.Sprintf("this %s is %s and takes no more updates", e.Type, e.Status))
	default:
		errs.Add("status", fmt.Sprintf("must be one of %s", strings.Join(allowed, ", ")))
	}
}

func checkTitle(errs FieldErrors, title string) {
	if strings.TrimSpace(title) == "" {
		errs.Add("title", "is required")
	} else if problem := TitleProblem(title); problem != "" {
		errs.Add("title", problem)
	}
}

func checkText(errs FieldErrors, field, text string, required bool) {
	switch {
	case required && strings.TrimSpace(text) == "":
		errs.Add(field, "is required")
	case utf8.RuneCountInString(text) > MaxText:
		errs.Add(field, fmt.Sprintf("may have at most %d characters", MaxText))
	default:
		if problem := TextProblem(text); problem != "" {
			errs.Add(field, problem)
		}
	}
}

func checkImpact(errs FieldErrors, t model.EventType, impact model.Impact) {
	if t == model.TypeIncident {
		if impact < model.ImpactMinor || impact > model.ImpactOutage {
			errs.Add("impact", "must be 1 (minor), 2 (major) or 3 (outage) for an incident")
		}
		return
	}
	if impact != model.ImpactMaintenance && t.Valid() {
		errs.Add("impact", fmt.Sprintf("must be 0 for %s", t))
	}
}

func checkNotFuture(errs FieldErrors, field string, at, now time.Time) {
	if at.After(now.Add(ClockSkew)) {
		errs.Add(field, "may not be in the future")
	}
}

func checkEndAfterStart(errs FieldErrors, start time.Time, end *time.Time) {
	if end != nil && !end.After(start) {
		errs.Add("end_date", "must be after the start")
	}
}

func lastUpdateAt(e *model.Event) (time.Time, bool) {
	var last time.Time
	for _, u := range e.Updates {
		if u.At.After(last) {
			last = u.At
		}
	}
	return last, len(e.Updates) > 0
}

func firstUpdateAt(e *model.Event) (time.Time, bool) {
	if len(e.Updates) == 0 {
		return time.Time{}, false
	}
	first := e.Updates[0].At
	for _, u := range e.Updates[1:] {
		if u.At.Before(first) {
			first = u.At
		}
	}
	return first, true
}
