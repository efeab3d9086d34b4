package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"statusdash/app/monitor/latency"
)

// Roll-ups of check results (migration 00015): per check, across its
// locations, one row per hour computed from the raw results and one per
// UTC day summed from the hours. Each statement recomputes its rows from
// their source and replaces them, so running one twice, or in two
// processes at once, writes the same rows.

// hoursPerDay turns hour numbers into day numbers (UTC days).
const hoursPerDay = 24

// unixHour is the number of the hour holding t: whole hours since the epoch.
func unixHour(t time.Time) int64 { return floorDiv(t.Unix(), 3600) }

// hourStart is the first instant of the hour.
func hourStart(hour int64) time.Time { return time.Unix(hour*3600, 0).UTC() }

// rollupStatsColumns are the figures both roll-up tables keep besides
// their key, the histogram's columns last (bucketColumns).
func rollupStatsColumns() []string {
	return append([]string{"runs", "failures", "degraded", "latency_sum_us", "latency_min_us", "latency_max_us"}, bucketColumns()...)
}

// bucketColumns name the histogram's columns after their bounds: le_35ms
// counts the latencies above the previous bound and at most 35 ms.
func bucketColumns() []string {
	columns := make([]string, 0, latency.Buckets)
	for _, bound := range latency.Bounds() {
		columns = append(columns, "le_"+strconv.FormatInt(bound.Milliseconds(), 10)+"ms")
	}
	return append(columns, "le_inf")
}

// upsertTail ends an INSERT ... SELECT into table keyed by (check_id,
// key): a row that exists is replaced by the one just computed.
func upsertTail(key string) string {
	sets := make([]string, 0, len(rollupStatsColumns()))
	for _, column := range rollupStatsColumns() {
		sets = append(sets, column+" = excluded."+column)
	}
	return " ON CONFLICT (check_id, " + key + ") DO UPDATE SET " + strings.Join(sets, ", ")
}

// hourlyRollupSQL recomputes one check's hours from its results started
// in [?, ?): one range of check_results_check_started_idx. Arguments:
// check id, start, end.
func (s *Storage) hourlyRollupSQL() string {
	hour := s.specific.unixHour("started_at")
	answered := "outcome <> 'down'"
	sums := []string{
		"COUNT(*)",
		"SUM(CASE WHEN outcome = 'down' THEN 1 ELSE 0 END)",
		"SUM(CASE WHEN outcome = 'degraded' THEN 1 ELSE 0 END)",
		"COALESCE(SUM(CASE WHEN " + answered + " THEN latency_us END), 0)",
		"COALESCE(MIN(CASE WHEN " + answered + " THEN latency_us END), 0)",
		"COALESCE(MAX(CASE WHEN " + answered + " THEN latency_us END), 0)",
	}
	lower := ""
	for _, bound := range latency.Bounds() {
		upper := "latency_us <= " + strconv.FormatInt(bound.Microseconds(), 10)
		sums = append(sums, "SUM(CASE WHEN "+answered+lower+" AND "+upper+" THEN 1 ELSE 0 END)")
		lower = " AND latency_us > " + strconv.FormatInt(bound.Microseconds(), 10)
	}
	sums = append(sums, "SUM(CASE WHEN "+answered+lower+" THEN 1 ELSE 0 END)")
	return "INSERT INTO check_rollups_hourly (check_id, hour, " + strings.Join(rollupStatsColumns(), ", ") + ") " +
		"SELECT check_id, " + hour + ", " + strings.Join(sums, ", ") +
		" FROM check_results WHERE check_id = ? AND started_at >= ? AND started_at < ?" +
		" GROUP BY check_id, " + hour + upsertTail("hour")
}

// dailyRollupSQL recomputes one check's days from its hours in [?, ?).
// Arguments: check id, first hour, end hour.
func dailyRollupSQL() string {
	day := "hour / " + strconv.Itoa(hoursPerDay)
	sums := []string{
		"SUM(runs)", "SUM(failures)", "SUM(degraded)", "SUM(latency_sum_us)",
		// An hour of down results only has no latency to count.
		"COALESCE(MIN(CASE WHEN runs > failures THEN latency_min_us END), 0)",
		"MAX(latency_max_us)",
	}
	for _, column := range bucketColumns() {
		sums = append(sums, "SUM("+column+")")
	}
	return "INSERT INTO check_rollups_daily (check_id, day, " + strings.Join(rollupStatsColumns(), ", ") + ") " +
		"SELECT check_id, " + day + ", " + strings.Join(sums, ", ") +
		" FROM check_rollups_hourly WHERE check_id = ? AND hour >= ? AND hour < ?" +
		" GROUP BY check_id, " + day + upsertTail("day")
}

// rollUpCheck recomputes the check's hours in [fromHour, toHour) and the
// days that hold them, each in a statement (and transaction) of its own.
func (s *Storage) rollUpCheck(ctx context.Context, checkID uint, fromHour, toHour int64) error {
	ctx, cancel := s.timeouts.withWrite(ctx)
	defer cancel()
	db := s.db.WithContext(ctx)
	if err := db.Exec(s.hourlyRollupSQL(), checkID, hourStart(fromHour), hourStart(toHour)).Error; err != nil {
		return fmt.Errorf("store: roll up hours of check %d: %w", checkID, markUnavailable(err))
	}
	firstDay, endDay := floorDiv(fromHour, hoursPerDay), floorDiv(toHour-1, hoursPerDay)+1
	if err := db.Exec(dailyRollupSQL(), checkID, firstDay*hoursPerDay, endDay*hoursPerDay).Error; err != nil {
		return fmt.Errorf("store: roll up days of check %d: %w", checkID, markUnavailable(err))
	}
	return nil
}

// floorDiv divides rounding down, for hours before the epoch too.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
