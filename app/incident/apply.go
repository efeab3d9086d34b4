package incident

import (
	"time"

	"statusdash/app/model"
)

// ApplyUpdate changes e as a person's update u says and returns the update
// row to append. u must have passed ValidateUpdate. The update's time is
// moved up to the previous update's, or an incident's start, when it falls
// within that minute, so the history stays ordered and no incident ends
// before it starts.
func ApplyUpdate(e *model.Event, u Update) model.EventUpdate {
	at := u.At
	if last, ok := lastUpdateAt(e); ok && at.Before(last) {
		at = last
	}
	if u.Title != nil {
		e.Title = *u.Title
	}
	if u.Description != nil {
		e.Description = *u.Description
	}
	if u.StartAt != nil {
		e.StartAt = *u.StartAt
	}
	if e.Type == model.TypeIncident && at.Before(e.StartAt) {
		at = e.StartAt // within the start's minute, which ValidateUpdate allows
	}
	if u.Impact != nil {
		e.Impact = *u.Impact
	}
	e.Status = u.Status
	if e.Type == model.TypeIncident {
		switch u.Status {
		case model.StatusResolved:
			e.EndAt = &at
		case model.StatusReopened:
			e.EndAt = nil
		case model.StatusChanged:
			e.EndAt = u.EndAt
		}
	} else {
		if u.EndAt != nil {
			e.EndAt = u.EndAt
		}
		// A window completed or cancelled ends then (API.md), whatever the
		// entry point; one called off before it began never happened: it
		// starts there too, and no page shows its planned window as to come.
		if u.Status == model.StatusCompleted || u.Status == model.StatusCancelled {
			e.EndAt = &at
			if at.Before(e.StartAt) {
				e.StartAt = at
			}
		}
	}
	e.System = false
	return model.EventUpdate{EventID: e.ID, Status: u.Status, Text: u.Message, At: at}
}

// ApplyEdit changes e as the edit says; ed must have passed ValidateEdit.
func ApplyEdit(e *model.Event, ed Edit) {
	if ed.Title != nil {
		e.Title = *ed.Title
	}
	if ed.Description != nil {
		e.Description = *ed.Description
	}
	if ed.StartAt != nil {
		e.StartAt = *ed.StartAt
	}
	if ed.EndAt != nil {
		e.EndAt = ed.EndAt
	}
	e.System = false
}

// FirstStatus is the status of a new event's first update.
func FirstStatus(t model.EventType) string {
	if t == model.TypeIncident {
		return model.StatusDetected
	}
	return model.StatusPlanned
}

// Transition is the status a maintenance window moves to by itself at now,
// and the time the move happened; ok is false when nothing is due.
func Transition(e *model.Event, now time.Time) (status string, at time.Time, ok bool) {
	if e.Type != model.TypeMaintenance {
		return "", time.Time{}, false
	}
	switch e.Status {
	case model.StatusPlanned, model.StatusModified:
		if !e.StartAt.After(now) {
			return model.StatusInProgress, e.StartAt, true
		}
	case model.StatusInProgress:
		if e.EndAt != nil && !e.EndAt.After(now) {
			return model.StatusCompleted, *e.EndAt, true
		}
	}
	return "", time.Time{}, false
}
