package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"statusdash/app/availability"
)

// errFinalizedElsewhere rolls back a finalizer that found the days it
// meant to roll up already rolled up, by another process.
var errFinalizedElsewhere = errors.New("store: availability days finalized elsewhere")

// FinalizeAvailability rolls up, for every component, the UTC days that
// ended before now and are not rolled up yet, and marks them finalized:
// the readers then sum them instead of counting them from the events. One
// transaction under the write timeout; it answers how many days it
// finalized. Several processes may run it at once: each holds
// finalized_day from its start (FOR UPDATE on PostgreSQL, the write lock
// on SQLite), so one rolls the days up and the others find nothing to do.
// It leaves the data version alone: the figures do not change.
func (s *Storage) FinalizeAvailability(ctx context.Context, now time.Time) (int64, error) {
	ctx, cancel := s.timeouts.withWrite(ctx)
	defer cancel()
	today := unixDay(utc(now))
	var finalized int64
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		from, err := lockFinalizedDay(tx, &s.specific)
		if err != nil || from >= today {
			return err
		}
		if err := finalizeDays(tx, &s.specific, from, today); err != nil {
			return err
		}
		// With the row locked this always holds; it keeps two finalizers
		// apart even where the lock would not.
		moved := tx.Exec("UPDATE rollup_state SET finalized_day = ? WHERE id = 1 AND finalized_day = ?", today, from)
		if moved.Error != nil {
			return fmt.Errorf("store: move finalized availability day: %w", moved.Error)
		}
		if moved.RowsAffected != 1 {
			return errFinalizedElsewhere
		}
		finalized = today - from
		return nil
	})
	if errors.Is(err, errFinalizedElsewhere) {
		return 0, nil
	}
	if err != nil {
		return 0, markUnavailable(err)
	}
	return finalized, nil
}

// finalizeDays rolls up the days [from, to) of every component from the
// events, and sums their months anew.
func finalizeDays(tx *gorm.DB, specific *dialectSpecific, from, to int64) error {
	created, err := readCreation(tx, "")
	if err != nil || len(created) == 0 {
		return err
	}
	// Normally a day ago: the events found by their end, as a page finds today's.
	events, err := readHistory(tx, historyQuery{from: dayStart(from), to: dayStart(to), recent: true})
	if err != nil {
		return err
	}
	timelines := availability.Timelines(created, events.events, endOfTime)
	// No rows should be there; a write that ran on a clock ahead may have left some.
	if err := tx.Exec("DELETE FROM component_days WHERE day >= ? AND day < ?", from, to).Error; err != nil {
		return fmt.Errorf("store: clear availability days: %w", err)
	}
	if err := insertComponentDays(tx, rollupDays(timelines, from, to), specific.rollupBatch); err != nil {
		return err
	}
	return sumComponentMonths(tx, nil, monthNumber(dayStart(from)), monthNumber(dayStart(to-1)))
}

// lockFinalizedDay reads finalized_day and locks it until the transaction
// ends, for a writer that moves it (a finalizer, a rebuild).
func lockFinalizedDay(tx *gorm.DB, specific *dialectSpecific) (int64, error) {
	var day int64
	if err := tx.Raw("SELECT finalized_day FROM rollup_state WHERE id = 1" + specific.rowLock).Row().Scan(&day); err != nil {
		return 0, fmt.Errorf("store: lock finalized availability day: %w", err)
	}
	return day, nil
}

// setFinalizedDay marks the days before day finalized.
func setFinalizedDay(tx *gorm.DB, day int64) error {
	if err := tx.Exec("UPDATE rollup_state SET finalized_day = ? WHERE id = 1", day).Error; err != nil {
		return fmt.Errorf("store: set finalized availability day: %w", err)
	}
	return nil
}
