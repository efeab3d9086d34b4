package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"statusdash/app/monitor/probe"
)

// scheduledCheck is the part of a checks row its slots follow.
type scheduledCheck struct {
	ID              uint
	Kind            string
	IntervalSeconds int64
	TimeoutMS       int64 `gorm:"column:timeout_ms"`
	Locations       string
	Paused          bool
}

// TableName keeps GORM on the migrated table.
func (scheduledCheck) TableName() string { return "checks" }

// plannedSlot is what one slot row of a check should hold.
type plannedSlot struct {
	location              string
	intervalMS, timeoutMS int64
	paused                bool
}

// plannedSlots are the slot rows the check should have: one per location
// it lists, or one for any location. A heartbeat is evaluated, not probed:
// one slot for any worker, at most HeartbeatEvaluation apart.
func (c scheduledCheck) plannedSlots() ([]plannedSlot, error) {
	interval := time.Duration(c.IntervalSeconds) * time.Second
	if interval <= 0 {
		return nil, fmt.Errorf("store: check %d has no interval", c.ID)
	}
	if probe.Kind(c.Kind) == probe.KindHeartbeat {
		return []plannedSlot{{location: AnyLocation, intervalMS: min(interval, HeartbeatEvaluation).Milliseconds(), paused: c.Paused}}, nil
	}
	timeout := time.Duration(c.TimeoutMS) * time.Millisecond
	if timeout <= 0 {
		timeout = probe.DefaultTimeout(interval)
	}
	var locations []string
	if err := json.Unmarshal([]byte(c.Locations), &locations); err != nil {
		return nil, fmt.Errorf("store: locations of check %d: %w", c.ID, err)
	}
	if len(locations) == 0 {
		locations = []string{AnyLocation}
	}
	planned := make([]plannedSlot, 0, len(locations))
	seen := map[string]bool{}
	for _, location := range locations {
		if seen[location] {
			continue
		}
		seen[location] = true
		planned = append(planned, plannedSlot{location: location, intervalMS: interval.Milliseconds(),
			timeoutMS: timeout.Milliseconds(), paused: c.Paused})
	}
	return planned, nil
}

// SyncCheckSchedule brings the slot rows of every check in step with the
// checks and answers how many rows it inserted, changed or deleted. Writes
// through CreateCheck and UpdateCheck keep them in step already (and
// deletes cascade); this catches checks written any other way (catalog
// provisioning in bulk, an operator's SQL). Workers run it at start and
// now and then. A row it cannot follow (no interval, locations that are
// no JSON list) is named in the error; the other checks are scheduled.
func (s *Storage) SyncCheckSchedule(ctx context.Context, now time.Time) (int, error) {
	changed := 0
	var skipped *unreadableChecks
	err := s.inTxBumping(ctx, func(tx *gorm.DB) (bool, error) {
		var checks []scheduledCheck
		if err := tx.Order("id").Find(&checks).Error; err != nil {
			return true, fmt.Errorf("store: read checks to schedule: %w", err)
		}
		var slots []slotRow
		if err := tx.Find(&slots).Error; err != nil {
			return true, fmt.Errorf("store: read check slots: %w", err)
		}
		var err error
		changed, err = applySlots(tx, checks, slots, now)
		var unreadable *unreadableChecks
		if errors.As(err, &unreadable) {
			skipped = unreadable
			return true, nil
		}
		return true, err
	})
	if err != nil {
		return 0, err
	}
	if skipped != nil {
		return changed, skipped
	}
	return changed, nil
}

// unreadableChecks are checks rows the schedule cannot follow (no
// interval, locations that are no JSON list); the others are scheduled.
type unreadableChecks struct{ errs []error }

func (u *unreadableChecks) Error() string {
	return fmt.Sprintf("store: %d checks not scheduled: %v", len(u.errs), errors.Join(u.errs...))
}

// syncCheckSlots brings the slot rows of one check in step, in the
// transaction that wrote it.
func syncCheckSlots(tx *gorm.DB, row checkRow, now time.Time) error {
	var slots []slotRow
	if err := tx.Where("check_id = ?", row.ID).Find(&slots).Error; err != nil {
		return fmt.Errorf("store: read slots of check %d: %w", row.ID, err)
	}
	check := scheduledCheck{ID: row.ID, Kind: row.Kind, IntervalSeconds: row.IntervalSeconds,
		TimeoutMS: row.TimeoutMS, Locations: row.Locations, Paused: row.Paused}
	_, err := applySlots(tx, []scheduledCheck{check}, slots, now)
	return err
}

// applySlots inserts, changes and deletes slot rows so that checks have
// their planned slots, and reports the checks it cannot read after
// scheduling the others; slots of checks not listed are deleted only when
// they belong to no check at all (the foreign key sees to that). A new or
// resumed slot, or one whose interval changed, is due at its next slot
// from now; a slot otherwise keeps its due time and lease.
func applySlots(tx *gorm.DB, checks []scheduledCheck, slots []slotRow, now time.Time) (int, error) {
	type key struct {
		checkID  uint
		location string
	}
	existing := make(map[key]slotRow, len(slots))
	for _, slot := range slots {
		existing[key{slot.CheckID, slot.Location}] = slot
	}
	nowMS := now.UnixMilli()
	var inserts []slotRow
	changed := 0
	var unreadable []error
	for _, check := range checks {
		planned, err := check.plannedSlots()
		if err != nil {
			// One broken row written around the store stops no other check.
			unreadable = append(unreadable, err)
			continue
		}
		for _, plan := range planned {
			k := key{check.ID, plan.location}
			slot, found := existing[k]
			delete(existing, k)
			if !found {
				inserts = append(inserts, slotRow{CheckID: check.ID, Location: plan.location, IntervalMS: plan.intervalMS,
					TimeoutMS: plan.timeoutMS, Paused: plan.paused, DueAtMS: firstSlot(check.ID, plan.intervalMS, nowMS)})
				continue
			}
			if slot.IntervalMS == plan.intervalMS && slot.TimeoutMS == plan.timeoutMS && slot.Paused == plan.paused {
				continue
			}
			columns := map[string]any{"interval_ms": plan.intervalMS, "timeout_ms": plan.timeoutMS, "paused": plan.paused}
			if slot.IntervalMS != plan.intervalMS || (slot.Paused && !plan.paused) {
				columns["due_at_ms"] = firstSlot(check.ID, plan.intervalMS, nowMS)
			}
			if err := tx.Model(&slotRow{}).Where("check_id = ? AND location = ?", check.ID, plan.location).
				UpdateColumns(columns).Error; err != nil {
				return 0, fmt.Errorf("store: change slot of check %d: %w", check.ID, err)
			}
			changed++
		}
	}
	listed := make(map[uint]bool, len(checks))
	for _, check := range checks {
		listed[check.ID] = true
	}
	for k := range existing {
		if !listed[k.checkID] {
			continue
		}
		if err := tx.Exec("DELETE FROM check_slots WHERE check_id = ? AND location = ?", k.checkID, k.location).Error; err != nil {
			return 0, fmt.Errorf("store: delete slot of check %d: %w", k.checkID, err)
		}
		changed++
	}
	if len(inserts) > 0 {
		// 9 columns: 500 rows stay far below both dialects' bound-parameter limits.
		// Another worker's sync may add the same rows at the same time.
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(inserts, 500).Error; err != nil {
			return 0, fmt.Errorf("store: add %d check slots: %w", len(inserts), err)
		}
		changed += len(inserts)
	}
	if len(unreadable) > 0 {
		return changed, &unreadableChecks{errs: unreadable}
	}
	return changed, nil
}
