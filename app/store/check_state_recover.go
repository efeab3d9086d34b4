package store

import (
	"context"
	"errors"
	"slices"
	"time"

	"statusdash/app/incident"
	"statusdash/app/model"
)

// ActionEventRecover is the audit action of monitoring's recoveries.
const ActionEventRecover = "event.recover"

// Recovery says what RecoverComponent did with monitoring's incident.
type Recovery int

// The recoveries.
const (
	// RecoveryLeftAlone: the incident is closed, a person took it over (it
	// is no system incident any more) or it no longer holds the component.
	RecoveryLeftAlone Recovery = iota
	// RecoveryResolved: the component was its only one; it is resolved.
	RecoveryResolved
	// RecoveryDetached: it holds other components; this one left it.
	RecoveryDetached
)

var recoveryNames = [...]string{"left alone", "resolved", "detached"}

// String names the recovery for logs and tests.
func (r Recovery) String() string {
	if r < 0 || int(r) >= len(recoveryNames) {
		return "unknown"
	}
	return recoveryNames[r]
}

// RecoveryTexts are the update texts of a recovery: Resolved when it
// resolves the incident, Detached when the component alone leaves it.
type RecoveryTexts struct {
	Resolved, Detached string
}

// RecoverComponent ends monitoring's part in the system incident for the
// component, with an update (texts): when the component is its only one the
// incident is resolved, else the component alone leaves it (a SYSTEM
// update). Only an open incident that is still a system incident and still
// holds the component is touched; any other is left as it is, so that a
// person's incident is never resolved. It writes through the event writes,
// so that audit rows, the data version and the availability roll-ups
// follow; an unknown event is left alone too.
func (s *Storage) RecoverComponent(ctx context.Context, actor Actor, eventID, componentID uint, texts RecoveryTexts, now time.Time) (Recovery, error) {
	for _, text := range []string{texts.Resolved, texts.Detached} {
		if err := validation(incident.ValidateUpdateText(text)); err != nil {
			return RecoveryLeftAlone, err
		}
	}
	recovery := RecoveryLeftAlone
	err := s.writeEvents(ctx, actor, now, ActionEventRecover, func(w *eventTx) error {
		e, err := w.load(eventID)
		if errors.Is(err, ErrNotFound) {
			return errNoChange
		}
		if err != nil {
			return err
		}
		holds := slices.ContainsFunc(e.Components, func(c model.Component) bool { return c.ID == componentID })
		if e.Type != model.TypeIncident || e.EndAt != nil || !e.System || !holds {
			return errNoChange
		}
		if err := w.touch(e); err != nil {
			return err
		}
		status, text := model.StatusSystem, texts.Detached
		if len(e.Components) == 1 {
			end := w.now
			e.Status, e.EndAt = model.StatusResolved, &end
			status, text, recovery = model.StatusResolved, texts.Resolved, RecoveryResolved
		} else {
			if err := w.detach(e.ID, componentID); err != nil {
				return err
			}
			recovery = RecoveryDetached
		}
		if err := w.addUpdate(e.ID, status, text, w.now); err != nil {
			return err
		}
		return w.save(e)
	})
	if err != nil {
		return RecoveryLeftAlone, err
	}
	return recovery, nil
}
