package availability

import (
	"slices"
	"time"

	"statusdash/app/model"
)

// ChangeKind names what a recorded change of an event was.
type ChangeKind string

// The changes an event's own row cannot tell.
const (
	// ChangeImpact: the incident's impact went from Previous to Impact.
	ChangeImpact ChangeKind = "impact"
	// ChangeJoined: Component joined the event after it opened.
	ChangeJoined ChangeKind = "joined"
	// ChangeLeft: Component left the event.
	ChangeLeft ChangeKind = "left"
	// ChangeReopened: the incident, closed at ClosedAt, was reopened.
	ChangeReopened ChangeKind = "reopened"
)

// Change is one recorded change of an event, at At.
type Change struct {
	At        time.Time
	Kind      ChangeKind
	Component uint
	Impact    model.Impact
	Previous  model.Impact
	ClosedAt  time.Time
}

// Event is an incident or a maintenance window as stored now, with the
// changes recorded since it opened. Info notices count for nothing.
type Event struct {
	Type model.EventType
	// Impact is the incident's impact now; Changes tell the earlier ones.
	Impact model.Impact
	Start  time.Time
	// End is nil while the event is open: it counts up to now.
	End *time.Time
	// Components are the components the event holds now. One that joined or
	// left it is in Changes; one without changes held it from its start.
	Components []uint
	Changes    []Change
}

// Span is the half-open interval [Start, End).
type Span struct{ Start, End time.Time }

// Duration is the span's length, zero when it is empty.
func (s Span) Duration() time.Duration { return max(s.End.Sub(s.Start), 0) }

func (s Span) empty() bool { return !s.End.After(s.Start) }

func (s Span) intersect(o Span) Span {
	return Span{Start: later(s.Start, o.Start), End: earlier(s.End, o.End)}
}

// Held is an impact level a component held over a span.
type Held struct {
	Span
	Impact model.Impact
}

// Timeline is one component's status history up to Until.
type Timeline struct {
	// Since is when the component began to exist: nothing counts before it.
	Since time.Time
	// Until is the moment the timeline was read: nothing counts after it.
	Until time.Time
	// Incidents are the impact levels the component held; they may overlap.
	Incidents []Held
	// Maintenance are its maintenance windows, left out of the measured time.
	Maintenance []Span
}

// Timelines builds, up to now, the timeline of every component of created
// (which maps a component to its creation) from the events. A component
// existed from its creation, or from its earliest event when that is
// earlier: history imported for a component provisioned later counts.
// Components not in created are left out.
func Timelines(created map[uint]time.Time, events []Event, now time.Time) map[uint]*Timeline {
	timelines := make(map[uint]*Timeline, len(created))
	for id, since := range created {
		timelines[id] = &Timeline{Since: since, Until: now}
	}
	for _, e := range events {
		switch e.Type {
		case model.TypeIncident:
			e.addHeld(timelines, now)
		case model.TypeMaintenance:
			window := Span{Start: e.Start, End: now}
			if e.End != nil {
				window.End = earlier(*e.End, now)
			}
			if window.empty() {
				continue
			}
			for _, id := range e.Components {
				if t := timelines[id]; t != nil {
					t.Maintenance = append(t.Maintenance, window)
				}
			}
		}
	}
	for _, t := range timelines {
		for _, held := range t.Incidents {
			t.Since = earlier(t.Since, held.Start)
		}
		for _, window := range t.Maintenance {
			t.Since = earlier(t.Since, window.Start)
		}
	}
	return timelines
}

// addHeld adds to the timelines what the incident did to each component
// it held, up to now: its impact levels over the times it was open and held
// the component.
func (e Event) addHeld(timelines map[uint]*Timeline, now time.Time) {
	open := e.openSpans(now)
	if len(open) == 0 {
		return
	}
	levels := e.levels(open)
	if !slices.ContainsFunc(e.Changes, func(c Change) bool { return c.Kind == ChangeJoined || c.Kind == ChangeLeft }) {
		// The usual case: every component held it all along.
		for _, id := range e.Components {
			if t := timelines[id]; t != nil {
				t.Incidents = append(t.Incidents, levels...)
			}
		}
		return
	}
	for component, membership := range e.memberships(open[0].Start, open[len(open)-1].End) {
		t := timelines[component]
		if t == nil {
			continue
		}
		for _, member := range membership {
			for _, level := range levels {
				if span := member.intersect(level.Span); !span.empty() {
					t.Incidents = append(t.Incidents, Held{Span: span, Impact: level.Impact})
				}
			}
		}
	}
}

// openSpans are the times the incident was open up to now, in order: from
// its start to its end, less the times it was closed before a reopening.
func (e Event) openSpans(now time.Time) []Span {
	whole := Span{Start: e.Start, End: now}
	if e.End != nil {
		whole.End = earlier(*e.End, now)
	}
	if whole.empty() {
		return nil
	}
	open := []Span{whole}
	for _, change := range e.Changes {
		if change.Kind == ChangeReopened {
			open = subtract(open, Span{Start: change.ClosedAt, End: change.At})
		}
	}
	return open
}

// levels splits the open spans by the impact the incident had in each part.
func (e Event) levels(open []Span) []Held {
	var changes []Change
	for _, change := range e.Changes {
		if change.Kind == ChangeImpact {
			changes = append(changes, change)
		}
	}
	slices.SortStableFunc(changes, func(a, b Change) int { return a.At.Compare(b.At) })
	impact := e.Impact
	if len(changes) > 0 {
		impact = changes[0].Previous
	}
	var levels []Held
	for _, span := range open {
		from, level := span.Start, impact
		for _, change := range changes {
			if !change.At.After(span.Start) {
				level = change.Impact
				continue
			}
			if !change.At.Before(span.End) {
				break
			}
			if change.At.After(from) {
				levels = append(levels, Held{Span: Span{Start: from, End: change.At}, Impact: level})
			}
			from, level = change.At, change.Impact
		}
		levels = append(levels, Held{Span: Span{Start: from, End: span.End}, Impact: level})
		impact = level
	}
	return levels
}

// memberships are, within [start, end), the times each component was held
// by the event: from its start (or its joining) to its leaving (or the end).
func (e Event) memberships(start, end time.Time) map[uint][]Span {
	moves := make(map[uint][]Change)
	for _, change := range e.Changes {
		if change.Kind == ChangeJoined || change.Kind == ChangeLeft {
			moves[change.Component] = append(moves[change.Component], change)
		}
	}
	spans := make(map[uint][]Span, len(e.Components)+len(moves))
	for _, component := range e.Components {
		if _, moved := moves[component]; !moved {
			spans[component] = []Span{{Start: start, End: end}}
		}
	}
	for component, changes := range moves {
		slices.SortStableFunc(changes, func(a, b Change) int { return a.At.Compare(b.At) })
		// Before its first move, a component was in the event if that move took it out.
		in, from := changes[0].Kind == ChangeLeft, start
		for _, change := range changes {
			switch {
			case in && change.Kind == ChangeLeft:
				if span := (Span{Start: from, End: earlier(change.At, end)}); !span.empty() {
					spans[component] = append(spans[component], span)
				}
				in = false
			case !in && change.Kind == ChangeJoined:
				from, in = later(change.At, start), true
			}
		}
		if in {
			if span := (Span{Start: from, End: end}); !span.empty() {
				spans[component] = append(spans[component], span)
			}
		}
	}
	return spans
}

// subtract removes cut from the ordered, disjoint spans.
func subtract(spans []Span, cut Span) []Span {
	if cut.empty() {
		return spans
	}
	var kept []Span
	for _, span := range spans {
		if before := (Span{Start: span.Start, End: earlier(span.End, cut.Start)}); !before.empty() {
			kept = append(kept, before)
		}
		if after := (Span{Start: later(span.Start, cut.End), End: span.End}); !after.empty() {
			kept = append(kept, after)
		}
	}
	return kept
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
