package store

import (
	"encoding/json"
	"fmt"
	"time"

	"statusdash/app/model"
	"statusdash/app/monitor/probe"
)

// CheckState is where monitoring stands with one check (package decide
// keeps it): its confirmed status, the rounds counted, and the incident it
// reported in. A check no round was counted for yet is up, with zero times.
type CheckState struct {
	CheckID uint
	// Status is the confirmed status: it leaves up after N failed rounds
	// and comes back after M good ones.
	Status probe.Outcome
	// Failures and Successes count the consecutive failed and good rounds.
	Failures, Successes int
	// LastVerdict is the latest counted round's outcome; empty before the first.
	LastVerdict probe.Outcome
	// StreakSince is the slot of the first round of the current run of
	// failed or good rounds.
	StreakSince time.Time
	// LastSlotAt is the slot of the latest round counted.
	LastSlotAt time.Time
	// LastResultAt is the start of the latest result seen.
	LastResultAt time.Time
	// IncidentID is the system incident monitoring opened or joined; zero
	// when none. ReportedImpact is the impact reported in it.
	IncidentID     uint
	ReportedImpact model.Impact
	// Flapping is true while the state changed too often lately; Changes
	// are the times of the latest changes (a small ring).
	Flapping  bool
	Changes   []time.Time
	UpdatedAt time.Time
}

// CheckDowntime is one downtime of a check, as the ping monitor records it.
type CheckDowntime struct {
	ID             uint
	CheckID        uint
	Description    string
	DownDetectedAt time.Time
	// UpDetectedAt is zero while the check is down.
	UpDetectedAt time.Time
}

// checkStateRow is a row of the check_states table.
type checkStateRow struct {
	CheckID        uint `gorm:"primaryKey"`
	Status         string
	Failures       int
	Successes      int
	LastVerdict    string
	StreakSince    *time.Time
	LastSlotAt     *time.Time
	LastResultAt   *time.Time
	IncidentID     *uint
	ReportedImpact int
	Flapping       bool
	Changes        string
	UpdatedAt      time.Time
}

// TableName keeps GORM on the migrated table.
func (checkStateRow) TableName() string { return "check_states" }

// checkDowntimeRow is a row of the check_downtimes table.
type checkDowntimeRow struct {
	ID             uint
	CheckID        uint
	Description    string
	DownDetectedAt time.Time
	UpDetectedAt   *time.Time
}

// TableName keeps GORM on the migrated table.
func (checkDowntimeRow) TableName() string { return "check_downtimes" }

func (r checkStateRow) state() (CheckState, error) {
	var changes []time.Time
	if err := json.Unmarshal([]byte(r.Changes), &changes); err != nil {
		return CheckState{}, fmt.Errorf("store: state changes of check %d: %w", r.CheckID, err)
	}
	for i := range changes {
		changes[i] = changes[i].UTC()
	}
	s := CheckState{CheckID: r.CheckID, Status: probe.Outcome(r.Status), Failures: r.Failures, Successes: r.Successes,
		LastVerdict: probe.Outcome(r.LastVerdict), StreakSince: timeOrZero(r.StreakSince), LastSlotAt: timeOrZero(r.LastSlotAt),
		LastResultAt: timeOrZero(r.LastResultAt), ReportedImpact: model.Impact(r.ReportedImpact), Flapping: r.Flapping,
		Changes: changes, UpdatedAt: r.UpdatedAt.UTC()}
	if r.IncidentID != nil {
		s.IncidentID = *r.IncidentID
	}
	return s, nil
}

func stateRow(s CheckState) (checkStateRow, error) {
	changes := make([]time.Time, len(s.Changes))
	for i, c := range s.Changes {
		changes[i] = utc(c)
	}
	changesJSON, err := json.Marshal(changes)
	if err != nil {
		return checkStateRow{}, fmt.Errorf("store: encode state changes of check %d: %w", s.CheckID, err)
	}
	row := checkStateRow{CheckID: s.CheckID, Status: string(s.Status), Failures: s.Failures, Successes: s.Successes,
		LastVerdict: string(s.LastVerdict), StreakSince: zeroOrTime(s.StreakSince), LastSlotAt: zeroOrTime(s.LastSlotAt),
		LastResultAt: zeroOrTime(s.LastResultAt), ReportedImpact: int(s.ReportedImpact), Flapping: s.Flapping,
		Changes: string(changesJSON), UpdatedAt: utc(s.UpdatedAt)}
	if s.IncidentID != 0 {
		id := s.IncidentID
		row.IncidentID = &id
	}
	if row.Status == "" {
		row.Status = string(probe.OutcomeUp)
	}
	return row, nil
}

func (r checkDowntimeRow) downtime() CheckDowntime {
	return CheckDowntime{ID: r.ID, CheckID: r.CheckID, Description: r.Description,
		DownDetectedAt: r.DownDetectedAt.UTC(), UpDetectedAt: timeOrZero(r.UpDetectedAt)}
}

// timeOrZero reads a nullable time column.
func timeOrZero(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// zeroOrTime writes a nullable time column: NULL for the zero time.
func zeroOrTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := utc(t)
	return &u
}
