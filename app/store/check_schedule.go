package store

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"slices"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// AnyLocation is the location of a slot that any worker may run: that of
// a check that lists no locations.
const AnyLocation = ""

// HeartbeatEvaluation bounds the time between two evaluations of a
// heartbeat check: a daily job's missing ping is noticed within a minute
// of its grace ending, not a day later.
const HeartbeatEvaluation = time.Minute

// CheckClaim is what a worker asks ClaimDueChecks for.
type CheckClaim struct {
	// Owner names the worker in the leases it takes.
	Owner string
	// Location is the worker's: it claims the slots of its location and
	// those of checks that list none.
	Location string
	// Now is the time due slots are compared with.
	Now time.Time
	// Limit bounds the slots claimed at once; zero or less claims none.
	Limit int
	// LeaseMargin is added to each check's timeout: the lease ends at
	// Now + timeout + margin, after which another worker may take the
	// check's next slot.
	LeaseMargin time.Duration
}

// ClaimedCheck is one slot a worker now holds.
type ClaimedCheck struct {
	Check Check
	// Location is the slot's: AnyLocation or one the check lists.
	Location string
	// SlotAt is the due time of the round the run answers, shared by every
	// location of the check.
	SlotAt time.Time
	// Skipped counts the slots passed over before SlotAt because no worker
	// claimed them in time (a worker far behind runs the latest slot only).
	Skipped int
	// LeaseUntil is when the lease ends.
	LeaseUntil time.Time
	// LastBeatAt is a heartbeat check's last ping; zero when none came.
	LastBeatAt time.Time
}

// slotRow is a row of the check_slots table; times are Unix milliseconds.
type slotRow struct {
	CheckID      uint `gorm:"primaryKey;autoIncrement:false"`
	Location     string
	IntervalMS   int64 `gorm:"column:interval_ms"`
	TimeoutMS    int64 `gorm:"column:timeout_ms"`
	Paused       bool
	DueAtMS      int64 `gorm:"column:due_at_ms"`
	Skipped      int64
	LeaseOwner   string
	LeaseUntilMS int64 `gorm:"column:lease_until_ms"`
}

// TableName keeps GORM on the migrated table.
func (slotRow) TableName() string { return "check_slots" }

// claimedCheckRow is a checks row with the last ping, read for a claim.
type claimedCheckRow struct {
	Row        checkRow `gorm:"embedded"`
	LastBeatAt *time.Time
}

// TableName keeps GORM on the migrated table.
func (claimedCheckRow) TableName() string { return "checks" }

// claimedSlot is a slot row as the claim statement returns it.
type claimedSlot struct {
	CheckID      uint
	Location     string
	SlotMS       int64 `gorm:"column:slot_ms"`
	Skipped      int64
	LeaseUntilMS int64 `gorm:"column:lease_until_ms"`
}

// dueSlotsSQL selects up to a limit of the slots due at now for a
// location, earliest first, walking check_slots_due_idx. The arguments:
// now, now, location, limit.
const dueSlotsSQL = `SELECT check_id, location FROM check_slots
	WHERE NOT paused AND due_at_ms <= ? AND lease_until_ms <= ? AND location IN (?, '')
	ORDER BY due_at_ms LIMIT ?`

// claimSlotsSQL claims the slots dueSlotsSQL selects in one statement: it
// passes over the slots missed (keeping the latest one not after now),
// moves due_at_ms to the slot after it and sets the lease. The arguments:
// now, now, owner, now, margin, then dueSlotsSQL's; %s is the dialect's
// row-claiming clause (FOR UPDATE SKIP LOCKED on PostgreSQL).
const claimSlotsSQL = `UPDATE check_slots SET
	skipped = (? - due_at_ms) / interval_ms,
	due_at_ms = due_at_ms + ((? - due_at_ms) / interval_ms + 1) * interval_ms,
	lease_owner = ?,
	lease_until_ms = ? + timeout_ms + ?
WHERE (check_id, location) IN (` + dueSlotsSQL + `%s)
RETURNING check_id, location, due_at_ms - interval_ms AS slot_ms, skipped, lease_until_ms`

// ClaimDueChecks claims the slots due at claim.Now for the worker's
// location (paused checks and slots under another's lease excepted), up
// to claim.Limit, earliest first. Each slot is claimed once: the claim
// moves it to the next slot in the same statement, which on PostgreSQL
// skips the rows another worker is claiming (FOR UPDATE SKIP LOCKED) and on
// SQLite runs under the single writer's lock. The checks' definitions are
// read in the same transaction. A slot whose check went meanwhile is left out.
func (s *Storage) ClaimDueChecks(ctx context.Context, claim CheckClaim) ([]ClaimedCheck, error) {
	if claim.Limit <= 0 {
		return nil, nil
	}
	now := claim.Now.UnixMilli()
	// Nothing due: a read, no write transaction (SQLite's write lock stays free).
	readCtx, cancel := s.timeouts.withRead(ctx)
	defer cancel()
	var due []struct {
		CheckID  uint
		Location string
	}
	if err := s.db.WithContext(readCtx).Raw(dueSlotsSQL, now, now, claim.Location, 1).Scan(&due).Error; err != nil {
		return nil, fmt.Errorf("store: look for due checks: %w", markUnavailable(err))
	}
	if len(due) == 0 {
		return nil, nil
	}
	var claimed []ClaimedCheck
	err := s.inTxBumping(ctx, func(tx *gorm.DB) (bool, error) {
		claimed = claimed[:0]
		var slots []claimedSlot
		statement := fmt.Sprintf(claimSlotsSQL, claimClause(s.specific.claimRows))
		if err := tx.Raw(statement, now, now, claim.Owner, now, claim.LeaseMargin.Milliseconds(),
			now, now, claim.Location, claim.Limit).Scan(&slots).Error; err != nil {
			return true, fmt.Errorf("store: claim due checks: %w", err)
		}
		if len(slots) == 0 {
			return true, nil
		}
		ids := make([]uint, 0, len(slots))
		for _, slot := range slots {
			ids = append(ids, slot.CheckID)
		}
		var rows []claimedCheckRow
		if err := tx.Where("id IN ?", ids).Find(&rows).Error; err != nil {
			return true, fmt.Errorf("store: read claimed checks: %w", err)
		}
		checks := make(map[uint]claimedCheckRow, len(rows))
		for _, row := range rows {
			checks[row.Row.ID] = row
		}
		for _, slot := range slots {
			row, ok := checks[slot.CheckID]
			if !ok {
				continue
			}
			check, err := row.Row.check()
			if err != nil {
				return true, err
			}
			c := ClaimedCheck{Check: check, Location: slot.Location, SlotAt: time.UnixMilli(slot.SlotMS).UTC(),
				Skipped: int(slot.Skipped), LeaseUntil: time.UnixMilli(slot.LeaseUntilMS).UTC()}
			if row.LastBeatAt != nil {
				c.LastBeatAt = row.LastBeatAt.UTC()
			}
			claimed = append(claimed, c)
		}
		// A claim changes nothing a page shows: no new data version.
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	return claimed, nil
}

// claimClause is the dialect's row-claiming clause as SQL text, for a
// statement GORM does not build; empty where there is none.
func claimClause(claimRows clause.Expression) string {
	locking, ok := claimRows.(clause.Locking)
	if !ok {
		return ""
	}
	text := " FOR " + locking.Strength
	if locking.Options != "" {
		text += " " + locking.Options
	}
	return text
}

// slotPhase is the check's offset within its interval: a stable hash of
// its id, so that checks of one interval do not all fire at once and every
// location of a check shares the same slot times.
func slotPhase(checkID uint, intervalMS int64) int64 {
	hash := fnv.New64a()
	var id [8]byte
	binary.BigEndian.PutUint64(id[:], uint64(checkID))
	_, _ = hash.Write(id[:])
	return int64(hash.Sum64() % uint64(intervalMS))
}

// firstSlot is the check's first slot at or after now (Unix milliseconds).
func firstSlot(checkID uint, intervalMS, nowMS int64) int64 {
	phase := slotPhase(checkID, intervalMS)
	periods := (nowMS - phase + intervalMS - 1) / intervalMS
	return periods*intervalMS + phase
}

// ReleaseCheckLeases ends the owner's leases on the slots of the checks,
// once their results are written, so that a lease longer than the interval
// (timeout plus margin) holds no next slot back. Leases another worker
// took meanwhile stay. A release lost (a worker killed after its write)
// only waits for the lease's end.
func (s *Storage) ReleaseCheckLeases(ctx context.Context, owner string, checkIDs []uint) error {
	if len(checkIDs) == 0 {
		return nil
	}
	ctx, cancel := s.timeouts.withWrite(ctx)
	defer cancel()
	ids := slices.Clone(checkIDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if err := s.db.WithContext(ctx).Exec("UPDATE check_slots SET lease_until_ms = 0 WHERE lease_owner = ? AND check_id IN ?",
		owner, ids).Error; err != nil {
		return fmt.Errorf("store: release %d check leases: %w", len(ids), markUnavailable(err))
	}
	return nil
}
