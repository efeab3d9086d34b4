package store

import (
	"slices"
	"time"

	"statusdash/app/availability"
	"statusdash/app/model"
)

// rollupRange is what event writes changed of the timelines: the
// components and the time from which their roll-ups may differ.
type rollupRange struct {
	components []uint
	// events are the changed events: a component that left one earlier
	// still has its history in it.
	events []uint
	// from is the earliest instant a timeline changed; to the latest end
	// of a changed event, endOfTime for an open one.
	from, to time.Time
}

// rollupRange is what this write changed of the timelines: each touched
// incident and maintenance window from the instant its history changed
// (changedFrom) to its end as it was and as it is. Most reports change
// only the present (an incident opened, raised or closed now): their days
// are not finalized yet, and refreshRollups writes nothing.
func (w *eventWrite) rollupRange() rollupRange {
	changes := timelineChanges(w.touched, w.before, w.after, w.now)
	var r rollupRange
	for _, id := range w.touched {
		before, after := w.before[id], w.after[id]
		from, changed := changedFrom(id, before, after, changes)
		if !changed {
			continue
		}
		for _, snapshot := range []*auditEvent{before, after} {
			if snapshot == nil || snapshot.Type == string(model.TypeInfo) {
				continue
			}
			end := endOfTime
			if snapshot.EndAt != nil {
				end = *snapshot.EndAt
			}
			r.add(rollupRange{components: snapshot.Components, events: []uint{id}, from: from, to: later(end, from)})
		}
	}
	return r
}

// changedFrom is the earliest instant from which a write that took an
// event from before to after (nil: none) may have changed what it adds to
// any timeline (availability.Timelines), given the changes the write
// records (timelineChanges); changed is false when it changed nothing
// there (a title, a status, an update's text). The timelines read an
// incident's impacts and members from its recorded changes, so those
// count at their times; a maintenance window holds its components over
// its whole span.
func changedFrom(id uint, before, after *auditEvent, changes []eventChange) (from time.Time, changed bool) {
	counts := func(a *auditEvent) bool { return a != nil && a.Type != string(model.TypeInfo) }
	switch {
	case !counts(before) && !counts(after):
		return time.Time{}, false
	case !counts(before):
		return createdFrom(id, after, changes), true
	case !counts(after):
		return before.StartAt, true
	case before.Type != after.Type || !before.StartAt.Equal(after.StartAt):
		return earlier(before.StartAt, after.StartAt), true
	}
	see := func(t time.Time) {
		if !changed || t.Before(from) {
			from, changed = t, true
		}
	}
	switch {
	case before.EndAt == nil && after.EndAt != nil:
		see(*after.EndAt)
	case before.EndAt != nil && after.EndAt == nil:
		see(*before.EndAt)
	case before.EndAt != nil && !before.EndAt.Equal(*after.EndAt):
		see(earlier(*before.EndAt, *after.EndAt))
	}
	if after.Type == string(model.TypeMaintenance) && !sameMembers(before.Components, after.Components) {
		see(after.StartAt)
	}
	for _, c := range changes {
		if c.EventID == id {
			see(c.At)
		}
	}
	return from, changed
}

// createdFrom is when a new event begins to count: its start, or when
// every component of an incident joined it later (an extraction copies
// the start of the incident its components leave now), the first join.
func createdFrom(id uint, after *auditEvent, changes []eventChange) time.Time {
	if after.Type != string(model.TypeIncident) || len(after.Components) == 0 {
		return after.StartAt
	}
	joined := map[uint]time.Time{}
	for _, c := range changes {
		if c.EventID == id && c.Kind == availability.ChangeJoined && c.ComponentID != nil {
			joined[*c.ComponentID] = c.At
		}
	}
	var from time.Time
	for i, component := range after.Components {
		at, ok := joined[component]
		if !ok {
			return after.StartAt
		}
		if i == 0 || at.Before(from) {
			from = at
		}
	}
	return later(from, after.StartAt)
}

// sameMembers says whether the two lists hold the same components.
func sameMembers(a, b []uint) bool {
	return len(a) == len(b) && !slices.ContainsFunc(a, func(id uint) bool { return !slices.Contains(b, id) })
}

// add widens r to hold o.
func (r *rollupRange) add(o rollupRange) {
	if len(o.events) == 0 {
		return
	}
	if len(r.events) == 0 || o.from.Before(r.from) {
		r.from = o.from
	}
	if len(r.events) == 0 || o.to.After(r.to) {
		r.to = o.to
	}
	for _, id := range o.events {
		if !slices.Contains(r.events, id) {
			r.events = append(r.events, id)
		}
	}
	for _, id := range o.components {
		if !slices.Contains(r.components, id) {
			r.components = append(r.components, id)
		}
	}
}
