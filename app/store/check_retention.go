package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// JobCheckRetention names the job of check_retention in job_leases: it rolls
// check results up and deletes what is older than the retention policy.
const JobCheckRetention = "check_retention"

// Defaults of RetentionPolicy.
const (
	DefaultRawRetention    = 7 * 24 * time.Hour
	DefaultHourlyRetention = 90 * 24 * time.Hour
	DefaultDailyRetention  = 730 * 24 * time.Hour
	DefaultRetentionChunk  = 10_000
)

// RetentionLease is how long a pass of the retention job holds the job: a
// pass stops starting work a minute before its lease ends.
const RetentionLease = 10 * time.Minute

const (
	// rollupSettle is how long after an hour ends it is rolled up: results
	// are written in batches, a little after they start.
	rollupSettle = time.Minute
	// rollupLookback is how many hours before the first new one each roll-up
	// recomputes, so that results written up to two hours late still count.
	rollupLookback = 2
	// rollupHoursPerPass bounds the hours one pass rolls up; a backlog takes
	// more passes (RetentionPass.More).
	rollupHoursPerPass = 24
)

// RetentionPolicy says how long each kind of monitoring data stays.
// A zero field takes its default.
type RetentionPolicy struct {
	// Raw keeps check results (SDB_MONITOR_RAW_RETENTION).
	Raw time.Duration
	// Hourly and Daily keep the roll-ups of hours and days that ended
	// within them.
	Hourly, Daily time.Duration
	// ChunkRows bounds the rows one delete statement removes, so that a
	// backlog is deleted in many short transactions.
	ChunkRows int
}

func (p RetentionPolicy) withDefaults() RetentionPolicy {
	if p.Raw <= 0 {
		p.Raw = DefaultRawRetention
	}
	if p.Hourly <= 0 {
		p.Hourly = DefaultHourlyRetention
	}
	if p.Daily <= 0 {
		p.Daily = DefaultDailyRetention
	}
	if p.ChunkRows <= 0 {
		p.ChunkRows = DefaultRetentionChunk
	}
	return p
}

// RetentionPass is what one pass of the retention job did.
type RetentionPass struct {
	// Claimed is false when another process held the job: the pass did nothing.
	Claimed bool
	// HoursRolledUp counts the hours newly rolled up.
	HoursRolledUp int64
	// RolledUpUntil is the end of the last hour rolled up.
	RolledUpUntil time.Time
	// Rows deleted from check_results, check_rollups_hourly and check_rollups_daily.
	RawDeleted, HourlyDeleted, DailyDeleted int64
	// More says that work remains: the next pass may start at once.
	More bool
}

// RunCheckRetention runs one pass of the retention job for owner, if no
// other process holds it: it rolls up every hour that ended at least a
// minute before now and was not rolled up yet (at most a day of them a
// pass, recomputing the two hours before them for results that came in
// late), the days holding them, then deletes the results older than
// policy.Raw and the hours and days that ended more than policy.Hourly and
// policy.Daily before now. Every statement covers one check, reads one
// range of an index and deletes at most policy.ChunkRows rows; none waits
// for another. Results are deleted only once rolled up.
func (s *Storage) RunCheckRetention(ctx context.Context, owner string, policy RetentionPolicy, now time.Time) (RetentionPass, error) {
	policy = policy.withDefaults()
	claimed, err := s.ClaimJob(ctx, JobCheckRetention, owner, now, RetentionLease)
	if err != nil || !claimed {
		return RetentionPass{}, err
	}
	defer func() { _ = s.ReleaseJob(context.WithoutCancel(ctx), JobCheckRetention, owner) }()
	passCtx, cancel := context.WithTimeout(ctx, RetentionLease-time.Minute)
	defer cancel()
	pass := RetentionPass{Claimed: true}
	checks, err := s.checkIDs(passCtx)
	if err != nil {
		return pass, err
	}
	rolled, err := s.rollUpHours(passCtx, owner, checks, now, &pass)
	if err != nil {
		return pass, err
	}
	// Never delete a result the roll-ups may still recompute.
	rawCutoff := hourStart(rolled - rollupLookback)
	if cutoff := utc(now.Add(-policy.Raw)); cutoff.Before(rawCutoff) {
		rawCutoff = cutoff
	}
	// An hour or a day goes once it ended before now minus its retention.
	expiries := []struct {
		table, key string
		below      any
		count      *int64
	}{
		{"check_results", "started_at", rawCutoff, &pass.RawDeleted},
		{"check_rollups_hourly", "hour", unixHour(now.Add(-policy.Hourly)), &pass.HourlyDeleted},
		{"check_rollups_daily", "day", unixDay(now.Add(-policy.Daily)), &pass.DailyDeleted},
	}
	for _, check := range checks {
		for _, expiry := range expiries {
			for more := true; more; {
				if passCtx.Err() != nil {
					pass.More = true
					return pass, nil
				}
				var deleted int64
				deleted, more, err = s.deleteExpiredChunk(passCtx, expiry.table, expiry.key, check, expiry.below, policy.ChunkRows)
				*expiry.count += deleted
				if err != nil {
					return pass, err
				}
			}
		}
	}
	return pass, nil
}

// rollUpHours rolls up the hours after the job's progress that are over,
// at most rollupHoursPerPass of them, for every check, then stores the new
// progress; it answers the first hour not rolled up.
func (s *Storage) rollUpHours(ctx context.Context, owner string, checks []uint, now time.Time, pass *RetentionPass) (int64, error) {
	next, err := s.jobProgress(ctx, JobCheckRetention)
	if err != nil {
		return 0, err
	}
	end := unixHour(now.Add(-rollupSettle)) // hours before it are over
	from := next - rollupLookback
	if next == 0 { // the first pass ever starts at the oldest result
		if next, err = s.firstResultHour(ctx, end); err != nil {
			return 0, err
		}
		from = next
		if next == end { // none yet: start from now, without looking again
			if err := s.saveJobProgress(ctx, JobCheckRetention, owner, next, now, false); err != nil {
				return 0, err
			}
		}
	}
	pass.RolledUpUntil = hourStart(next)
	if next >= end {
		return next, nil
	}
	to := min(end, next+rollupHoursPerPass)
	for _, check := range checks {
		if ctx.Err() != nil {
			pass.More = true
			return next, nil
		}
		if err := s.rollUpCheck(ctx, check, from, to); err != nil {
			return next, err
		}
	}
	if err := s.saveJobProgress(ctx, JobCheckRetention, owner, to, now, true); err != nil {
		return next, err
	}
	pass.HoursRolledUp, pass.RolledUpUntil, pass.More = to-next, hourStart(to), to < end
	return to, nil
}

// firstResultHour is the hour of the oldest check result, or end when
// there is none. One index lookup per check.
func (s *Storage) firstResultHour(ctx context.Context, end int64) (int64, error) {
	ctx, cancel := s.timeouts.withRead(ctx)
	defer cancel()
	var first sql.NullInt64
	err := s.db.WithContext(ctx).Raw("SELECT MIN(" + s.specific.unixHour("first") + ") FROM " +
		"(SELECT (SELECT MIN(started_at) FROM check_results r WHERE r.check_id = c.id) AS first FROM checks c) firsts").Row().Scan(&first)
	if err != nil {
		return 0, fmt.Errorf("store: oldest check result: %w", markUnavailable(err))
	}
	if !first.Valid {
		return end, nil
	}
	return min(first.Int64, end), nil
}

// checkIDs lists every check's id, in order.
func (s *Storage) checkIDs(ctx context.Context) ([]uint, error) {
	ctx, cancel := s.timeouts.withRead(ctx)
	defer cancel()
	var ids []uint
	if err := s.db.WithContext(ctx).Raw("SELECT id FROM checks ORDER BY id").Scan(&ids).Error; err != nil {
		return nil, fmt.Errorf("store: list check ids: %w", markUnavailable(err))
	}
	return ids, nil
}

// deleteExpiredChunk deletes the check's oldest rows of the table whose
// key is below the bound, at most about chunk of them (ties of the last
// key go together), and says whether more may be left. Both of its
// statements read one range of an index on (check_id, key): where the
// chunk ends, then the rows up to there. Each is a transaction of its own.
func (s *Storage) deleteExpiredChunk(ctx context.Context, table, key string, checkID uint, below any, chunk int) (deleted int64, more bool, err error) {
	ctx, cancel := s.timeouts.withWrite(ctx)
	defer cancel()
	db := s.db.WithContext(ctx)
	rows, err := db.Raw(expiredChunkEndSQL(table, key), checkID, below, chunk-1).Rows()
	if err != nil {
		return 0, false, fmt.Errorf("store: find expired rows of check %d in %s: %w", checkID, table, markUnavailable(err))
	}
	// The end is passed back as it came, in the driver's own form.
	var end any
	found := rows.Next()
	if found {
		err = rows.Scan(&end)
	}
	if closeErr := rows.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return 0, false, fmt.Errorf("store: find expired rows of check %d in %s: %w", checkID, table, markUnavailable(err))
	}
	statement, bound := "DELETE FROM "+table+" WHERE check_id = ? AND "+key+" < ?", below
	if found {
		statement, bound = "DELETE FROM "+table+" WHERE check_id = ? AND "+key+" <= ?", end
	}
	res := db.Exec(statement, checkID, bound)
	if res.Error != nil {
		return 0, false, fmt.Errorf("store: delete expired rows of check %d from %s: %w", checkID, table, markUnavailable(res.Error))
	}
	return res.RowsAffected, found && res.RowsAffected > 0, nil
}

// expiredChunkEndSQL finds the key of the chunk-th oldest expired row of a
// check. Arguments: check id, bound, chunk size less one.
func expiredChunkEndSQL(table, key string) string {
	return "SELECT " + key + " FROM " + table + " WHERE check_id = ? AND " + key + " < ? ORDER BY " + key + " LIMIT 1 OFFSET ?"
}
