package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"statusdash/app/incident"
	"statusdash/app/model"
)

// scheduleActor writes the updates of maintenance windows that move by themselves.
var scheduleActor = Actor{Subject: "statusdash", Name: "Maintenance schedule"}

// AdvanceMaintenance moves planned maintenance to in progress at its start
// and to completed at its end, writing an update at each of those times, and
// answers how many moves it made. Several processes may run it at once: on
// PostgreSQL each claims its rows with FOR UPDATE SKIP LOCKED; SQLite
// transactions hold the write lock from their start.
func (s *Storage) AdvanceMaintenance(ctx context.Context, now time.Time) (int, error) {
	now = utc(now)
	due, err := s.dueMaintenance(s.db.WithContext(ctx), now, false)
	if err != nil || len(due) == 0 {
		return 0, err // nothing due: no transaction, no new data version
	}
	moves := 0
	err = s.writeEventsUnlocked(ctx, scheduleActor, now, ActionEventAdvance, func(w *eventTx) error {
		moves = 0
		claimed, err := s.dueMaintenance(w.tx, now, true)
		if err != nil {
			return err
		}
		for _, id := range claimed {
			e, err := w.load(id)
			if err != nil {
				return err
			}
			for {
				status, at, ok := incident.Transition(e, now)
				if !ok {
					break
				}
				if last := e.Updates; len(last) > 0 && at.Before(last[len(last)-1].At) {
					at = last[len(last)-1].At
				}
				if err := w.touch(e); err != nil {
					return err
				}
				e.Status = status
				if err := w.addUpdate(e.ID, status, transitionText[status], at); err != nil {
					return err
				}
				e.Updates = append(e.Updates, model.EventUpdate{Status: status, At: at})
				moves++
			}
			if err := w.save(e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return moves, nil
}

var transitionText = map[string]string{
	model.StatusInProgress: "The maintenance is in progress.",
	model.StatusCompleted:  "The maintenance is completed.",
}

// dueMaintenance lists the maintenance windows with a move due at now; with
// claim, it locks them, skipping rows another process holds (PostgreSQL).
func (s *Storage) dueMaintenance(db *gorm.DB, now time.Time, claim bool) ([]uint, error) {
	query := db.Model(&model.Event{}).
		Where("type = ? AND status IN ? AND start_at <= ?", model.TypeMaintenance,
			[]string{model.StatusPlanned, model.StatusModified, model.StatusInProgress}, now).
		Order("id")
	if claim && s.specific.claimRows != nil {
		query = query.Clauses(s.specific.claimRows)
	}
	var candidates []*model.Event
	if err := query.Find(&candidates).Error; err != nil {
		return nil, fmt.Errorf("store: due maintenance: %w", err)
	}
	var due []uint
	for _, e := range candidates {
		if _, _, ok := incident.Transition(e, now); ok {
			due = append(due, e.ID)
		}
	}
	return due, nil
}
