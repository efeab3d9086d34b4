package store

import (
	"slices"
	"time"

	"statusdash/app/availability"
	"statusdash/app/model"
)

// eventChange is one row of event_changes: what an incident's own row
// cannot tell of its past, read back as an availability.Change.
type eventChange struct {
	EventID        uint
	At             time.Time
	Kind           availability.ChangeKind
	ComponentID    *uint
	Impact         *int
	PreviousImpact *int
	ClosedAt       *time.Time
}

// changesWrite inserts the event_changes rows of what this write did to
// the incidents it touched; ok is false when it did nothing they record. It
// reads the audit snapshots, so every write path that writes audit rows
// records them, in the same statement where writes go together.
func (w *eventWrite) changesWrite() (write pendingWrite, ok bool) {
	changes := timelineChanges(w.touched, w.before, w.after, w.now)
	if len(changes) == 0 {
		return pendingWrite{}, false
	}
	args := make([]any, 0, 7*len(changes))
	for _, c := range changes {
		args = append(args, c.EventID, c.At, string(c.Kind), c.ComponentID, c.Impact, c.PreviousImpact, c.ClosedAt)
	}
	return rowsWrite("INSERT INTO event_changes (event_id, at, kind, component_id, impact, previous_impact, closed_at) VALUES ",
		placeholderRows(len(changes), 7), args), true
}

// timelineChanges compares each touched incident before and after a write
// made at now: a component that joined or left it, a new impact (at the
// time of the update that changed it), a reopening (at the time of its
// update). An incident created here holds its components from its start,
// as its creator says, except those extracted into it: an extraction copies
// the start of the incident they left, and they join it now.
func timelineChanges(touched []uint, before, after map[uint]*auditEvent, now time.Time) []eventChange {
	// The start of the incident each component left in this write.
	leftStart := map[uint]time.Time{}
	for _, id := range touched {
		if b, a := before[id], after[id]; b != nil && a != nil {
			for _, component := range b.Components {
				if !slices.Contains(a.Components, component) {
					leftStart[component] = b.StartAt
				}
			}
		}
	}
	var changes []eventChange
	for _, id := range touched {
		b, a := before[id], after[id]
		if a == nil || a.Type != string(model.TypeIncident) {
			continue
		}
		member := func(kind availability.ChangeKind, component uint) {
			changes = append(changes, eventChange{EventID: id, At: now, Kind: kind, ComponentID: &component})
		}
		if b == nil {
			for _, component := range a.Components {
				if start, moved := leftStart[component]; moved && start.Equal(a.StartAt) {
					member(availability.ChangeJoined, component)
				}
			}
			continue
		}
		for _, component := range a.Components {
			if !slices.Contains(b.Components, component) {
				member(availability.ChangeJoined, component)
			}
		}
		for _, component := range b.Components {
			if !slices.Contains(a.Components, component) {
				member(availability.ChangeLeft, component)
			}
		}
		if a.Impact != b.Impact {
			impact, previous := a.Impact, b.Impact
			changes = append(changes, eventChange{EventID: id, At: a.updatedAt(model.StatusImpactChanged, now), Kind: availability.ChangeImpact,
				Impact: &impact, PreviousImpact: &previous})
		}
		if b.EndAt != nil && a.EndAt == nil {
			closed := *b.EndAt
			changes = append(changes, eventChange{EventID: id, At: a.updatedAt(model.StatusReopened, now), Kind: availability.ChangeReopened, ClosedAt: &closed})
		}
	}
	return changes
}

// updatedAt is the time of the latest update with the status this write
// added, else now: an operator may date an update before the moment it is
// posted, and the timeline follows the update.
func (a *auditEvent) updatedAt(status string, now time.Time) time.Time {
	at, found := now, false
	for _, u := range a.Updates {
		if u.Status == status && (!found || u.At.After(at)) {
			at, found = u.At, true
		}
	}
	return utc(at)
}
