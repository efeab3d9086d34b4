package store

import (
	"context"
	"fmt"
	"time"

	"statusdash/app/model"
	"statusdash/app/monitor/probe"
)

// MaxCheckDowntimes bounds the downtimes one read answers, newest first.
const MaxCheckDowntimes = 500

// CheckStatus is one check as the ping monitor lists it.
type CheckStatus struct {
	CheckID uint
	Kind    probe.Kind
	Target  string
	// Status is the confirmed status; up while no round was counted.
	Status probe.Outcome
	// LastResultAt is the start of the latest result seen; zero when none.
	LastResultAt time.Time
}

// CheckStatuses lists every check with its confirmed status, by id, in
// one query.
func (s *Storage) CheckStatuses(ctx context.Context) ([]CheckStatus, error) {
	var rows []struct {
		ID           uint
		Kind         string
		Target       string
		Status       *string
		LastResultAt *time.Time
	}
	if err := s.db.WithContext(ctx).Raw("SELECT checks.id, checks.kind, checks.target, check_states.status, check_states.last_result_at " +
		"FROM checks LEFT JOIN check_states ON check_states.check_id = checks.id ORDER BY checks.id").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: check statuses: %w", err)
	}
	statuses := make([]CheckStatus, len(rows))
	for i, row := range rows {
		statuses[i] = CheckStatus{CheckID: row.ID, Kind: probe.Kind(row.Kind), Target: row.Target,
			Status: probe.OutcomeUp, LastResultAt: timeOrZero(row.LastResultAt)}
		if row.Status != nil {
			statuses[i].Status = probe.Outcome(*row.Status)
		}
	}
	return statuses, nil
}

// CheckDowntimes lists the downtimes of the checks, newest first, at most
// MaxCheckDowntimes.
func (s *Storage) CheckDowntimes(ctx context.Context, checkIDs []uint) ([]CheckDowntime, error) {
	if len(checkIDs) == 0 {
		return nil, nil
	}
	var rows []checkDowntimeRow
	if err := s.db.WithContext(ctx).Where("check_id IN ?", checkIDs).Order("down_detected_at DESC, id DESC").
		Limit(MaxCheckDowntimes).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: downtimes of checks %v: %w", checkIDs, err)
	}
	downtimes := make([]CheckDowntime, len(rows))
	for i, row := range rows {
		downtimes[i] = row.downtime()
	}
	return downtimes, nil
}

// CheckState reads where monitoring stands with the check: a check no
// round was counted for yet is up. An unknown check is ErrNotFound.
func (s *Storage) CheckState(ctx context.Context, checkID uint) (CheckState, error) {
	db := s.db.WithContext(ctx)
	if _, err := checkRowByID(db, checkID); err != nil {
		return CheckState{}, err
	}
	var rows []checkStateRow
	if err := db.Where("check_id = ?", checkID).Limit(1).Find(&rows).Error; err != nil {
		return CheckState{}, fmt.Errorf("store: state of check %d: %w", checkID, err)
	}
	if len(rows) == 0 {
		return CheckState{CheckID: checkID, Status: probe.OutcomeUp}, nil
	}
	return rows[0].state()
}

// MonitoredComponent reads the component the check watches, with its
// service and region, for the titles and texts of monitoring's incidents.
func (s *Storage) MonitoredComponent(ctx context.Context, checkID uint) (model.Component, error) {
	db := s.db.WithContext(ctx)
	row, err := checkRowByID(db, checkID)
	if err != nil {
		return model.Component{}, err
	}
	components, err := componentsByID(db, []uint{row.ComponentID})
	if err != nil {
		return model.Component{}, err
	}
	return components[0], nil
}

// OtherChecksFailing reports whether a check of the component other than
// except is not up: such a check still holds the component's incident.
func (s *Storage) OtherChecksFailing(ctx context.Context, componentID, except uint) (bool, error) {
	var failing int64
	if err := s.db.WithContext(ctx).Table("check_states").Joins("JOIN checks ON checks.id = check_states.check_id").
		Where("checks.component_id = ? AND checks.id <> ? AND check_states.status <> ?", componentID, except, string(probe.OutcomeUp)).
		Count(&failing).Error; err != nil {
		return false, fmt.Errorf("store: failing checks of component %d: %w", componentID, err)
	}
	return failing > 0, nil
}

// CheckStates reads the monitoring state of every check that has one, by
// check id, in one query; a check without a row has counted no round yet.
func (s *Storage) CheckStates(ctx context.Context) (map[uint]CheckState, error) {
	var rows []checkStateRow
	if err := s.db.WithContext(ctx).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: check states: %w", err)
	}
	states := make(map[uint]CheckState, len(rows))
	for _, row := range rows {
		state, err := row.state()
		if err != nil {
			return nil, err
		}
		states[state.CheckID] = state
	}
	return states, nil
}
