package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"gorm.io/gorm"

	"statusdash/app/incident"
	"statusdash/app/model"
)

// Report is a monitoring report on one component (stackmon v1 POST
// component_status): what the caller knows, the store finds the rest.
type Report struct {
	// ComponentID names the component; when it is 0, Name (the service's
	// name) and Attributes (a subset of region, category and type) do.
	ComponentID uint
	Name        string
	Attributes  []ComponentAttribute
	Impact      model.Impact
	// Title names a new system incident; empty gives incident.DefaultTitle.
	Title string
}

// ReportResult says what a report did and which event answers it: the
// incident now holding the component, the active maintenance
// (incident.ActionMaintenance) or the incident that refused it
// (incident.ActionConflict, which v1 answers with 409). The event comes with
// its updates, oldest first, and its components as ids only (no service, no
// region); a refusing incident comes with its own columns only.
type ReportResult struct {
	Action incident.Action
	Event  *model.Event
	// Component is the component reported on, with Service (and Category)
	// and Region.
	Component model.Component
}

// SystemResult is the outcome of a v2 system incident for one component.
type SystemResult struct {
	ComponentID uint
	IncidentID  uint
	// Error is set when the component was not put in an incident.
	Error string
}

// ErrorInMaintenance is SystemResult.Error for a component in an active maintenance.
const ErrorInMaintenance = "event creation failed, component in maintenance"

// ReportComponent applies the stackmon v1 rules (package incident) to a
// report, atomically: the snapshot is read and the decision written in one
// serialised transaction, shared with the reports that wait for the write
// lock at the same time (event_report_queue.go). A component that does not
// exist is ErrNotFound; a name and attributes matching several are an
// AmbiguousComponentError; a closed Storage refuses with ErrClosed.
func (s *Storage) ReportComponent(ctx context.Context, actor Actor, r Report, now time.Time) (*ReportResult, error) {
	if r.Impact < model.ImpactMinor || r.Impact > model.ImpactOutage {
		return nil, invalid("impact", "must be 1 (minor), 2 (major) or 3 (outage)")
	}
	title := r.Title
	if title == "" {
		title = incident.DefaultTitle
	}
	if problem := incident.TitleProblem(title); problem != "" {
		return nil, invalid("text", problem)
	}
	if err := s.reportQueue.enter(); err != nil {
		return nil, err
	}
	defer s.reportQueue.leave()
	// The component is found before the write lock, to keep the serialised
	// part short: components are never deleted, so it cannot go stale.
	target, err := s.findReportTarget(ctx, r)
	if err != nil {
		return nil, err
	}
	result, err := s.reportOn(ctx, actor, target, r.Impact, title, now)
	if err != nil {
		return nil, err
	}
	result.Component = target.component
	return result, nil
}

// reportOn answers the report on the target: before the write lock when
// it changes nothing and the lookup read what tells so, else written in
// the next batch of reports.
func (s *Storage) reportOn(ctx context.Context, actor Actor, target reportTarget, impact model.Impact, title string, now time.Time) (*ReportResult, error) {
	if target.heldRead {
		// Most reports repeat what is known: answer those without waiting
		// for the write lock.
		if result, err := s.reportUnlocked(ctx, target, impact, now); err != nil || result != nil {
			return result, err
		}
	}
	result, lastUpdate, answers, err := s.writeReport(&queuedReport{ctx: ctx, actor: actor, component: target.component,
		impact: impact, title: title, now: now})
	if err != nil {
		return nil, err
	}
	if lastUpdate != 0 {
		// The updates are read after the commit, out of the write lock: the
		// ones up to the report's last are the event's as the report left it
		// (later writers' updates have greater ids). Their ids are known only
		// once the held writes went out, with the audit rows. One read
		// serves the batch's reports on the event.
		if result.Event.Updates, err = answers.updatesUpTo(ctx, result.Event.ID, lastUpdate); err != nil {
			return nil, err
		}
	}
	return result, nil
}

// updatesUpTo reads the event's updates with ids up to last, oldest first.
// A system incident gathers an update per component that joins or leaves
// it, and a report answers with them all: they are scanned by hand,
// without GORM's reflection per row and column.
func (s *Storage) updatesUpTo(ctx context.Context, eventID, last uint) ([]model.EventUpdate, error) {
	rows, err := s.reportDB().WithContext(ctx).Raw("SELECT id, event_id, status, text, at, author, created_at, updated_at FROM event_updates "+
		"WHERE event_id = ? AND id <= ? ORDER BY at, id", eventID, last).Rows()
	if err != nil {
		return nil, fmt.Errorf("store: updates of event %d: %w", eventID, err)
	}
	defer rows.Close()
	var updates []model.EventUpdate
	for rows.Next() {
		var u model.EventUpdate
		if err := rows.Scan(&u.ID, &u.EventID, &u.Status, &u.Text, &u.At, &u.Author, &u.CreatedAt, &u.UpdatedAt); err != nil {
			return nil, fmt.Errorf("store: updates of event %d: %w", eventID, err)
		}
		updates = append(updates, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: updates of event %d: %w", eventID, markUnavailable(err))
	}
	return updates, nil
}

// reportUnlocked answers a report that changes nothing without the write
// lock, from the events its lookup read holding the component; it answers
// nil when the report has something to write. Only rules 1 to 3 change
// nothing, and they look at the events holding the component alone (never
// at the open system incidents): one statement read those consistently, so
// a refusal is what a report serialised at that statement's moment would
// have given. A maintenance is answered with its updates, from one snapshot.
func (s *Storage) reportUnlocked(ctx context.Context, target reportTarget, impact model.Impact, now time.Time) (*ReportResult, error) {
	state := componentState{events: map[uint]*model.Event{}}
	for _, h := range target.held {
		state.add(h.event(), true, h.ComponentCount, utc(now))
	}
	decision := incident.Decide(state.Situation, impact)
	switch decision.Action {
	case incident.ActionConflict:
		answer := *state.events[decision.Existing.ID]
		return &ReportResult{Action: decision.Action, Event: &answer}, nil
	case incident.ActionMaintenance:
		return s.reportFromSnapshot(ctx, target.component.ID, impact, now)
	}
	return nil, nil
}

// reportFromSnapshot answers a report that changes nothing from a
// read-only repeatable-read transaction; it answers nil when the report
// has something to write.
func (s *Storage) reportFromSnapshot(ctx context.Context, componentID uint, impact model.Impact, now time.Time) (*ReportResult, error) {
	var result *ReportResult
	err := s.reportDB().WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		r := &reportTx{tx: tx, specific: &s.specific}
		if err := r.read([]uint{componentID}); err != nil {
			return err
		}
		state := r.batch.situation(componentID, utc(now))
		decision := incident.Decide(state.Situation, impact)
		if decision.Action.Changes() {
			return nil
		}
		var err error
		result, err = r.unchanged(decision, state)
		return err
	}, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return nil, markUnavailable(err) // its begin and commit are no GORM statements
	}
	return result, nil
}

// CreateSystemEvent opens a v2 system incident (system: true): each
// component in turn follows the report rules, never refused: a component
// held by a person's open incident or by a system incident of at least the
// impact gets that incident's id; one in an active maintenance gets the
// maintenance's id and ErrorInMaintenance. Unknown components are a
// validation error and nothing is written.
func (s *Storage) CreateSystemEvent(ctx context.Context, actor Actor, in NewEvent, now time.Time) ([]SystemResult, error) {
	if in.Type != model.TypeIncident {
		return nil, invalid("system", "only an incident can be a system event")
	}
	if err := validation(incident.ValidateNewEvent(in, now)); err != nil {
		return nil, err
	}
	var results []SystemResult
	err := s.inReportTx(ctx, s.db, func(r *reportTx) error {
		components, err := componentsByID(r.tx, in.ComponentIDs)
		if err != nil {
			return err
		}
		if err := r.read(componentIDs(components)); err != nil {
			return err
		}
		w := r.newWrite(actor, now)
		changed := false
		for _, component := range components {
			state := r.batch.situation(component.ID, w.now)
			decision := incident.DecideSystem(state.Situation, in.Impact)
			holder, err := r.apply(w, decision, component, state, in)
			if err != nil {
				return err
			}
			result := SystemResult{ComponentID: component.ID, IncidentID: holder.ID}
			if decision.Action == incident.ActionMaintenance {
				result.Error = ErrorInMaintenance
			}
			results = append(results, result)
			changed = changed || decision.Action.Changes()
		}
		if !changed {
			return errNoChange
		}
		return r.writeAudits(w, ActionEventSystem)
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}
