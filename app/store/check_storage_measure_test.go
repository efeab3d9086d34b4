package store_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"statusdash/app/monitor/probe"
	"statusdash/app/store"
	"statusdash/app/store/storetest"
)

// measureVar enables TestMeasureCheckStorage, which writes a table for the
// README rather than checking anything.
const measureVar = "SDB_MEASURE_MONITOR_STORAGE"

// TestMeasureCheckStorage measures the bytes a check's monitoring data
// takes per day on each database, indexes included: raw results with a
// typical mix of outcomes and reasons (one day at 30 s from 3 locations),
// and roll-up rows (copies of real ones). Run with
// SDB_MEASURE_MONITOR_STORAGE=1 go test ./app/store -run TestMeasureCheckStorage -v
func TestMeasureCheckStorage(t *testing.T) {
	t.Parallel()
	if os.Getenv(measureVar) == "" {
		t.Skipf("%s is not set", measureVar)
	}
	storetest.Each(t, func(t *testing.T, s *store.Storage) {
		f := newEventFixture(t, s)
		check, err := s.CreateCheck(f.ctx, f.actor, store.NewCheck{ComponentID: f.components[0].ID, Definition: httpDefinition()}, f.now)
		if err != nil {
			t.Fatal(err)
		}
		day := time.Date(2026, 5, 4, 0, 0, 0, 0, time.UTC)
		var results []store.CheckResult
		for i := 0; i < 2880; i++ {
			slot := day.Add(time.Duration(i) * 30 * time.Second)
			for j, location := range []string{"local", "fra", "ams"} {
				r := store.CheckResult{CheckID: check.ID, Location: location, SlotAt: slot,
					StartedAt: slot.Add(time.Duration(j*37+i%50) * time.Millisecond), Outcome: probe.OutcomeUp,
					Latency: time.Duration(20_000+(i*7919+j*104729)%180_000) * time.Microsecond}
				switch (i*3 + j) % 100 { // 2% degraded, 1% down, each with its reason
				case 0, 1:
					r.Outcome, r.Reason = probe.OutcomeDegraded, "slower than 500ms: 734ms"
				case 2:
					r.Outcome, r.Reason = probe.OutcomeDown, "HTTP 503, want 200-299"
				}
				results = append(results, r)
			}
		}
		if err := s.AddCheckResults(f.ctx, results); err != nil {
			t.Fatal(err)
		}
		if _, err := s.RunCheckRetention(f.ctx, "measure", store.RetentionPolicy{}, day.Add(25*time.Hour)); err != nil {
			t.Fatal(err)
		}
		// The roll-up rows double, on later keys, until page-sized rounding
		// no longer matters: 6,144 hours and 4,096 days.
		db := store.GormForTest(s)
		columns := "runs, failures, degraded, latency_sum_us, latency_min_us, latency_max_us, " + bucketColumnList()
		for table, doublings := range map[string]struct {
			key   string
			times int
		}{"check_rollups_hourly": {"hour", 8}, "check_rollups_daily": {"day", 12}} {
			for range doublings.times {
				if err := db.Exec("INSERT INTO " + table + " (check_id, " + doublings.key + ", " + columns + ") SELECT check_id, " +
					doublings.key + " + (SELECT MAX(" + doublings.key + ") - MIN(" + doublings.key + ") + 1 FROM " + table + "), " +
					columns + " FROM " + table + " WHERE true").Error; err != nil {
					t.Fatal(err)
				}
			}
		}
		sizes := tableSizes(t, s)
		rows := map[string]int64{}
		for _, table := range []string{"check_results", "check_rollups_hourly", "check_rollups_daily"} {
			rows[table] = queryCount(t, s, "SELECT COUNT(*) FROM "+table)
		}
		perRow := func(table string) float64 { return float64(sizes[table]) / float64(rows[table]) }
		t.Logf("%s: bytes per row, indexes included: raw %.0f, hourly %.0f, daily %.0f (%d, %d, %d rows)",
			s.Dialect(), perRow("check_results"), perRow("check_rollups_hourly"), perRow("check_rollups_daily"),
			rows["check_results"], rows["check_rollups_hourly"], rows["check_rollups_daily"])
		if s.Dialect() == store.Postgres {
			t.Logf("postgres: check_results heap %d bytes, indexes %d bytes, mean row %d bytes", queryCount(t, s, "SELECT pg_relation_size('check_results')"),
				queryCount(t, s, "SELECT pg_indexes_size('check_results')"), queryCount(t, s, "SELECT CAST(AVG(pg_column_size(r.*)) AS BIGINT) FROM check_results r"))
		}
		var table strings.Builder
		table.WriteString("| interval | locations | raw rows/day | raw bytes/day | hourly bytes/day | daily bytes/day | kept (7 d raw, 90 d hourly, 2 y daily) |\n")
		for _, config := range []struct {
			interval  time.Duration
			locations int
		}{{30 * time.Second, 1}, {30 * time.Second, 3}, {time.Minute, 1}, {time.Minute, 3}} {
			rawRows := int64(24*time.Hour/config.interval) * int64(config.locations)
			raw, hourly, daily := float64(rawRows)*perRow("check_results"), 24*perRow("check_rollups_hourly"), perRow("check_rollups_daily")
			fmt.Fprintf(&table, "| %v | %d | %d | %.0f KB | %.1f KB | %.2f KB | %.1f MB |\n", config.interval, config.locations, rawRows,
				raw/1000, hourly/1000, daily/1000, (7*raw+90*hourly+730*daily)/1e6)
		}
		t.Logf("%s:\n%s", s.Dialect(), table.String())
	})
}

// bucketColumnList names the roll-ups' histogram columns, comma separated.
func bucketColumnList() string {
	names := []string{"le_1ms", "le_2ms", "le_5ms", "le_10ms", "le_20ms", "le_35ms", "le_50ms", "le_75ms",
		"le_100ms", "le_150ms", "le_250ms", "le_500ms", "le_1000ms", "le_2500ms", "le_10000ms", "le_inf"}
	return strings.Join(names, ", ")
}

// tableSizes answers the bytes each monitoring table takes with its
// indexes: PostgreSQL's pg_total_relation_size, SQLite's pages in dbstat.
func tableSizes(t *testing.T, s *store.Storage) map[string]int64 {
	t.Helper()
	db := store.GormForTest(s)
	sizes := map[string]int64{}
	for _, table := range []string{"check_results", "check_rollups_hourly", "check_rollups_daily"} {
		var size int64
		query := "SELECT pg_total_relation_size(?)"
		if s.Dialect() == store.SQLite {
			query = "SELECT SUM(pgsize) FROM dbstat WHERE name = ? OR name IN (SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?)"
		}
		args := []any{table}
		if s.Dialect() == store.SQLite {
			args = append(args, table)
		}
		if err := db.Raw(query, args...).Scan(&size).Error; err != nil {
			t.Fatalf("size of %s: %v", table, err)
		}
		sizes[table] = size
	}
	return sizes
}
