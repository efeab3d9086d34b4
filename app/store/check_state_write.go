package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"statusdash/app/model"
)

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

// EvaluatedCheck is a check and its state as an evaluation left it.
type EvaluatedCheck struct {
	Check Check
	State CheckState
}

// EvaluateChecks counts the rounds of the checks in one transaction that
// holds their state rows locked (FOR UPDATE on PostgreSQL, in id order;
// SQLite's write transactions hold the database's write lock), so that two
// workers evaluating the same check count each round once: the second
// reads the state the first wrote. For each check, from names the first
// slot to read given the state; evaluate gets the check, its state and its
// results from that slot on, in slot order, and answers what to write, or
// false to write nothing. EvaluateChecks answers the checks with their
// states as they now stand, by id; checks that do not exist (any more) are
// left out. One transaction, and one query for each of the checks, the
// states and the results, serve the whole batch. The data version moves
// only when a status changes or a downtime opens or closes: the pages show
// neither rounds nor results.
func (s *Storage) EvaluateChecks(ctx context.Context, checkIDs []uint, now time.Time, from func(Check, CheckState) time.Time,
	evaluate func(Check, CheckState, []CheckResult) (CheckEvaluation, bool)) ([]EvaluatedCheck, error) {
	checkIDs = uniqueIDs(checkIDs)
	slices.Sort(checkIDs)
	if len(checkIDs) == 0 {
		return nil, nil
	}
	if err := s.createCheckStates(ctx, checkIDs, now); err != nil {
		return nil, err
	}
	var evaluated []EvaluatedCheck
	err := s.inTxBumping(ctx, func(tx *gorm.DB) (bool, error) {
		evaluated = nil
		checks, states, err := s.lockCheckStates(tx, checkIDs)
		if err != nil {
			return false, err
		}
		resultsOf, err := readRounds(tx, checks, states, from)
		if err != nil {
			return false, err
		}
		moved := false
		var rows []checkStateRow
		for i, check := range checks {
			evaluation, write := evaluate(check, states[i], resultsOf[check.ID])
			if !write {
				evaluated = append(evaluated, EvaluatedCheck{Check: check, State: states[i]})
				continue
			}
			evaluation.State.CheckID = check.ID
			row, err := stateRow(evaluation.State)
			if err != nil {
				return false, err
			}
			rows = append(rows, row)
			downtimeChanged, err := writeDowntime(tx, check.ID, evaluation)
			if err != nil {
				return false, err
			}
			moved = moved || downtimeChanged || evaluation.State.Status != states[i].Status
			evaluated = append(evaluated, EvaluatedCheck{Check: check, State: evaluation.State})
		}
		if err := writeCheckStates(tx, rows); err != nil {
			return false, err
		}
		// Reporting "bumped" when nothing moved skips the data version.
		return !moved, nil
	})
	if err != nil {
		return nil, err
	}
	return evaluated, nil
}

// createCheckStates creates the state rows the checks lack, in a statement
// of its own: inserted within the locking transaction, a row new to two
// workers at once could deadlock them.
func (s *Storage) createCheckStates(ctx context.Context, checkIDs []uint, now time.Time) error {
	ctx, cancel := s.timeouts.withWrite(ctx)
	defer cancel()
	if err := s.db.WithContext(ctx).Exec("INSERT INTO check_states (check_id, updated_at) SELECT id, ? FROM checks "+
		"WHERE id IN ? AND NOT EXISTS (SELECT 1 FROM check_states WHERE check_states.check_id = checks.id) "+
		"ON CONFLICT (check_id) DO NOTHING", utc(now), checkIDs).Error; err != nil {
		return fmt.Errorf("store: create states of %d checks: %w", len(checkIDs), markUnavailable(err))
	}
	return nil
}

// lockCheckStates reads the checks and their state rows, locking the rows
// in id order until the transaction ends; a check without a row (deleted
// meanwhile) is left out.
func (s *Storage) lockCheckStates(tx *gorm.DB, checkIDs []uint) ([]Check, []CheckState, error) {
	var stateRows []checkStateRow
	if err := tx.Raw("SELECT * FROM check_states WHERE check_id IN ? ORDER BY check_id"+s.specific.rowLock, checkIDs).
		Scan(&stateRows).Error; err != nil {
		return nil, nil, fmt.Errorf("store: lock states of %d checks: %w", len(checkIDs), err)
	}
	var checkRows []checkRow
	if err := tx.Where("id IN ?", checkIDs).Order("id").Find(&checkRows).Error; err != nil {
		return nil, nil, fmt.Errorf("store: read %d checks: %w", len(checkIDs), err)
	}
	var checks []Check
	var states []CheckState
	for _, row := range stateRows {
		i := slices.IndexFunc(checkRows, func(c checkRow) bool { return c.ID == row.CheckID })
		if i < 0 {
			continue
		}
		check, err := checkRows[i].check()
		if err != nil {
			return nil, nil, err
		}
		state, err := row.state()
		if err != nil {
			return nil, nil, err
		}
		checks, states = append(checks, check), append(states, state)
	}
	return checks, states, nil
}

// readRounds reads each check's results from its first slot on, in one
// query: an OR of one range per check over check_results_check_started_idx,
// which both databases answer with one index search per check, so that
// the results need no index of their own for it (every index costs each
// result's write). A run starts at or after its slot, so the results of
// the slots from the first one on all started after it; a margin of
// startSkew keeps those of a worker whose clock is a little behind. There
// is no ORDER BY, which led SQLite to scan an index whole: the rounds are
// gathered by slot in package decide anyway.
func readRounds(tx *gorm.DB, checks []Check, states []CheckState, from func(Check, CheckState) time.Time) (map[uint][]CheckResult, error) {
	resultsOf := map[uint][]CheckResult{}
	if len(checks) == 0 {
		return resultsOf, nil
	}
	var rows []checkResultRow
	if err := roundsQuery(tx, checks, states, from).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: rounds of %d checks: %w", len(checks), err)
	}
	for _, row := range rows {
		resultsOf[row.CheckID] = append(resultsOf[row.CheckID], row.result())
	}
	return resultsOf, nil
}

// startSkew is how long before its slot a result may have started, by its
// worker's clock.
const startSkew = time.Minute

// roundsQuery selects the results readRounds reads.
func roundsQuery(tx *gorm.DB, checks []Check, states []CheckState, from func(Check, CheckState) time.Time) *gorm.DB {
	const rangeOfCheck = "check_id = ? AND started_at >= ? AND slot_at >= ?"
	var condition *gorm.DB
	for i, check := range checks {
		first := utc(from(check, states[i]))
		if condition == nil {
			condition = tx.Where(rangeOfCheck, check.ID, first.Add(-startSkew), first)
			continue
		}
		condition = condition.Or(rangeOfCheck, check.ID, first.Add(-startSkew), first)
	}
	return tx.Model(&checkResultRow{}).Where(condition)
}

// writeCheckStates writes every column of the state rows, which exist:
// as upserts, whose statement both dialects share, 100 rows a statement
// (13 columns each stay far below the bound parameters' limits).
func writeCheckStates(tx *gorm.DB, rows []checkStateRow) error {
	if len(rows) == 0 {
		return nil
	}
	if err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "check_id"}}, UpdateAll: true}).
		CreateInBatches(rows, 100).Error; err != nil {
		return fmt.Errorf("store: write states of %d checks: %w", len(rows), err)
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
