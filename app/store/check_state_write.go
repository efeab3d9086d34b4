package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"statusdash/app/model"
)

// MaxEvaluatedResults bounds the results one evaluation reads; a check
// further behind catches up over the next ones.
const MaxEvaluatedResults = 2000

// CheckEvaluation is what one evaluation of a check's rounds writes: the
// new state and the downtime it detected.
type CheckEvaluation struct {
	State CheckState
	// DownDescription, when not empty, opens a downtime detected at
	// DownDetectedAt (unless one is open already).
	DownDescription string
	DownDetectedAt  time.Time
	// UpDetectedAt, when not zero, closes the open downtime.
	UpDetectedAt time.Time
}

// EvaluateCheck counts a check's rounds in one transaction that holds its
// state row locked (FOR UPDATE on PostgreSQL; SQLite's write transactions
// hold the database's write lock), so that two workers evaluating the same
// check count each round once: the second reads the state the first wrote.
// from names the first slot to read given the state; evaluate gets the
// state and the check's results from that slot on (slot order, at most
// MaxEvaluatedResults) and answers what to write, or false to write
// nothing. EvaluateCheck answers the state as it now stands. A check that
// does not exist (any more) is ErrNotFound. The data version moves only
// when the status changes or a downtime opens or closes: the pages show
// neither rounds nor results.
func (s *Storage) EvaluateCheck(ctx context.Context, checkID uint, now time.Time, from func(CheckState) time.Time,
	evaluate func(state CheckState, results []CheckResult) (CheckEvaluation, bool, error)) (CheckState, error) {
	var current CheckState
	err := s.inTxBumping(ctx, func(tx *gorm.DB) (bool, error) {
		state, err := s.lockCheckState(tx, checkID, now)
		if err != nil {
			return false, err
		}
		current = state
		var rows []checkResultRow
		if err := tx.Where("check_id = ? AND slot_at >= ?", checkID, utc(from(state))).
			Order("slot_at, location, id").Limit(MaxEvaluatedResults).Find(&rows).Error; err != nil {
			return false, fmt.Errorf("store: rounds of check %d: %w", checkID, err)
		}
		results := make([]CheckResult, len(rows))
		for i, row := range rows {
			results[i] = row.result()
		}
		evaluation, write, err := evaluate(state, results)
		if err != nil || !write {
			// Reporting "bumped" skips the data version: nothing changed.
			return true, err
		}
		evaluation.State.CheckID = checkID
		if err := writeCheckState(tx, evaluation.State); err != nil {
			return false, err
		}
		current = evaluation.State
		downtimeChanged, err := writeDowntime(tx, checkID, evaluation)
		if err != nil {
			return false, err
		}
		return evaluation.State.Status == state.Status && !downtimeChanged, nil
	})
	if err != nil {
		return CheckState{}, err
	}
	return current, nil
}

// lockCheckState reads the check's state row, created when missing, and
// locks it until the transaction ends: one statement once the row exists.
func (s *Storage) lockCheckState(tx *gorm.DB, checkID uint, now time.Time) (CheckState, error) {
	for attempt := 0; ; attempt++ {
		var rows []checkStateRow
		if err := tx.Raw("SELECT * FROM check_states WHERE check_id = ?"+s.specific.rowLock, checkID).Scan(&rows).Error; err != nil {
			return CheckState{}, fmt.Errorf("store: lock state of check %d: %w", checkID, err)
		}
		if len(rows) > 0 {
			return rows[0].state()
		}
		if attempt > 0 {
			return CheckState{}, fmt.Errorf("store: check %d: %w", checkID, ErrNotFound)
		}
		// A concurrent first evaluation may insert it too: the loser waits
		// for the winner's commit and then reads its row.
		if err := tx.Exec("INSERT INTO check_states (check_id, updated_at) SELECT id, ? FROM checks WHERE id = ? "+
			"ON CONFLICT (check_id) DO NOTHING", utc(now), checkID).Error; err != nil {
			return CheckState{}, fmt.Errorf("store: create state of check %d: %w", checkID, err)
		}
	}
}

// writeCheckState writes every column of the state row.
func writeCheckState(tx *gorm.DB, state CheckState) error {
	row, err := stateRow(state)
	if err != nil {
		return err
	}
	if err := tx.Model(&checkStateRow{}).Where("check_id = ?", row.CheckID).UpdateColumns(map[string]any{
		"status": row.Status, "failures": row.Failures, "successes": row.Successes, "last_verdict": row.LastVerdict,
		"streak_since": row.StreakSince, "last_slot_at": row.LastSlotAt, "last_result_at": row.LastResultAt,
		"incident_id": row.IncidentID, "reported_impact": row.ReportedImpact, "flapping": row.Flapping,
		"changes": row.Changes, "updated_at": row.UpdatedAt,
	}).Error; err != nil {
		return fmt.Errorf("store: write state of check %d: %w", row.CheckID, err)
	}
	return nil
}

// writeDowntime opens or closes the check's downtime as the evaluation
// says; it reports whether it wrote.
func writeDowntime(tx *gorm.DB, checkID uint, evaluation CheckEvaluation) (bool, error) {
	if !evaluation.UpDetectedAt.IsZero() {
		res := tx.Exec("UPDATE check_downtimes SET up_detected_at = ? WHERE check_id = ? AND up_detected_at IS NULL",
			utc(evaluation.UpDetectedAt), checkID)
		if res.Error != nil {
			return false, fmt.Errorf("store: close downtime of check %d: %w", checkID, res.Error)
		}
		return res.RowsAffected > 0, nil
	}
	if evaluation.DownDescription == "" {
		return false, nil
	}
	var open int64
	if err := tx.Model(&checkDowntimeRow{}).Where("check_id = ? AND up_detected_at IS NULL", checkID).Count(&open).Error; err != nil {
		return false, fmt.Errorf("store: open downtime of check %d: %w", checkID, err)
	}
	if open > 0 {
		return false, nil
	}
	row := checkDowntimeRow{CheckID: checkID, Description: evaluation.DownDescription, DownDetectedAt: utc(evaluation.DownDetectedAt)}
	if err := tx.Create(&row).Error; err != nil {
		return false, fmt.Errorf("store: open downtime of check %d: %w", checkID, err)
	}
	return true, nil
}

// SetCheckIncident records the system incident monitoring reported the
// check's component in, and the impact reported. It moves no data version:
// no page shows it.
func (s *Storage) SetCheckIncident(ctx context.Context, checkID, incidentID uint, impact model.Impact) error {
	ctx, cancel := s.timeouts.withWrite(ctx)
	defer cancel()
	if err := s.db.WithContext(ctx).Exec("UPDATE check_states SET incident_id = ?, reported_impact = ? WHERE check_id = ?",
		incidentID, int(impact), checkID).Error; err != nil {
		return fmt.Errorf("store: incident of check %d: %w", checkID, markUnavailable(err))
	}
	return nil
}

// ClearCheckIncident forgets the check's incident once monitoring is done
// with it, unless another evaluation recorded a different one meanwhile.
func (s *Storage) ClearCheckIncident(ctx context.Context, checkID, incidentID uint) error {
	ctx, cancel := s.timeouts.withWrite(ctx)
	defer cancel()
	if err := s.db.WithContext(ctx).Exec("UPDATE check_states SET incident_id = NULL, reported_impact = 0 "+
		"WHERE check_id = ? AND incident_id = ?", checkID, incidentID).Error; err != nil {
		return fmt.Errorf("store: forget incident of check %d: %w", checkID, markUnavailable(err))
	}
	return nil
}
