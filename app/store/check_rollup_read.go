package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"statusdash/app/monitor/latency"
)

// RollupPeriod is the length of the periods of a roll-up series.
type RollupPeriod string

// The roll-up periods: hours are kept 90 days, days two years (RetentionPolicy).
const (
	Hourly RollupPeriod = "hour"
	Daily  RollupPeriod = "day"
)

// CheckRollup is one period's figures of a check, or of a component's
// checks together, across their locations.
type CheckRollup struct {
	// Start is the first instant of the hour or UTC day.
	Start time.Time
	// Runs counts the results, Failures the down ones, Degraded the degraded ones.
	Runs, Failures, Degraded int64
	// The latency figures count the results that were not down; they are
	// zero when every result was. The percentiles are estimated from
	// Histogram: each lies in the bucket of the true value.
	LatencyMin, LatencyMax, LatencyMean, LatencyP50, LatencyP95 time.Duration
	Histogram                                                   latency.Histogram
}

// Uptime is the share of the runs that were not down, 1 for none.
func (r CheckRollup) Uptime() float64 {
	if r.Runs == 0 {
		return 1
	}
	return float64(r.Runs-r.Failures) / float64(r.Runs)
}

// CheckRollups reads the check's roll-ups of every period that overlaps
// [from, to), oldest first; a period without results has no entry. An
// unknown check is ErrNotFound.
func (s *Storage) CheckRollups(ctx context.Context, checkID uint, period RollupPeriod, from, to time.Time) ([]CheckRollup, error) {
	ctx, cancel := s.timeouts.withRead(ctx)
	defer cancel()
	if _, err := checkRowByID(s.db.WithContext(ctx), checkID); err != nil {
		return nil, err
	}
	return s.readRollups(ctx, period, "r.check_id = ?", checkID, from, to)
}

// ComponentCheckRollups reads the roll-ups of every check of the component
// together, per period that overlaps [from, to), oldest first: the runs
// and failures of all its checks and the latencies of all their answers.
func (s *Storage) ComponentCheckRollups(ctx context.Context, componentID uint, period RollupPeriod, from, to time.Time) ([]CheckRollup, error) {
	ctx, cancel := s.timeouts.withRead(ctx)
	defer cancel()
	return s.readRollups(ctx, period, "r.check_id IN (SELECT id FROM checks WHERE component_id = ?)", componentID, from, to)
}

// readRollups sums the roll-ups of the checks that match per period.
func (s *Storage) readRollups(ctx context.Context, period RollupPeriod, checks string, id uint, from, to time.Time) ([]CheckRollup, error) {
	var table, key string
	var first, last int64
	switch period {
	case Hourly:
		table, key = "check_rollups_hourly", "hour"
		first, last = unixHour(from), unixHour(to.Add(-time.Nanosecond))
	case Daily:
		table, key = "check_rollups_daily", "day"
		first, last = unixDay(from), unixDay(to.Add(-time.Nanosecond))
	default:
		return nil, fmt.Errorf("store: unknown roll-up period %q", period)
	}
	columns := []string{"r." + key, "SUM(r.runs)", "SUM(r.failures)", "SUM(r.degraded)", "CAST(SUM(r.latency_sum_us) AS BIGINT)",
		"MIN(CASE WHEN r.runs > r.failures THEN r.latency_min_us END)", "MAX(CASE WHEN r.runs > r.failures THEN r.latency_max_us END)"}
	for _, column := range bucketColumns() {
		columns = append(columns, "SUM(r."+column+")")
	}
	rows, err := s.db.WithContext(ctx).Raw("SELECT "+strings.Join(columns, ", ")+" FROM "+table+" r WHERE "+checks+
		" AND r."+key+" >= ? AND r."+key+" <= ? GROUP BY r."+key+" ORDER BY r."+key, id, first, last).Rows()
	if err != nil {
		return nil, fmt.Errorf("store: read %s roll-ups: %w", period, markUnavailable(err))
	}
	defer rows.Close()
	var series []CheckRollup
	for rows.Next() {
		var number, latencySum int64
		var least, greatest sql.NullInt64
		var r CheckRollup
		dest := []any{&number, &r.Runs, &r.Failures, &r.Degraded, &latencySum, &least, &greatest}
		for i := range r.Histogram {
			dest = append(dest, &r.Histogram[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("store: read %s roll-ups: %w", period, err)
		}
		r.Start = hourStart(number)
		if period == Daily {
			r.Start = dayStart(number)
		}
		if answered := r.Runs - r.Failures; answered > 0 {
			r.LatencyMin = time.Duration(least.Int64) * time.Microsecond
			r.LatencyMax = time.Duration(greatest.Int64) * time.Microsecond
			r.LatencyMean = time.Duration(latencySum/answered) * time.Microsecond
			r.LatencyP50 = r.Histogram.Percentile(0.5, r.LatencyMin, r.LatencyMax)
			r.LatencyP95 = r.Histogram.Percentile(0.95, r.LatencyMin, r.LatencyMax)
		}
		series = append(series, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read %s roll-ups: %w", period, markUnavailable(err))
	}
	return series, nil
}
