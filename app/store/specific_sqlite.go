package store

import "github.com/pressly/goose/v3"

// sqliteSpecific is SQLite's dialectSpecific: its write transactions begin
// with the write lock (_txlock=immediate), which serialises event writes
// and claims rows; it has no data-modifying WITH queries and no LATERAL.
func sqliteSpecific() dialectSpecific {
	return dialectSpecific{
		dialect: SQLite,
		goose:   goose.DialectSQLite3,
		componentList: "COALESCE((SELECT group_concat(component_id) FROM (SELECT component_id FROM event_components listed " +
			"WHERE listed.event_id = events.id ORDER BY component_id)), '')",
		holdsAnyOf: "held.component_id IN (SELECT value FROM json_each(?))",
		idList:     func(ids []uint) string { return "[" + joinIDs(ids) + "]" },
		explain:    "EXPLAIN QUERY PLAN ",
		// No LATERAL: the ids of each check's newest results, looked up by rowid.
		recentResults: "JOIN check_results r ON r.id IN (SELECT x.id FROM check_results x WHERE x.check_id = c.id " +
			"ORDER BY x.started_at DESC, x.id DESC LIMIT ?)",
		// SQLite joins by nested loops, here on the index of event_id.
		pageUpdates: "LEFT JOIN event_updates u ON u.event_id = page.id",
		// The driver finds each bind parameter's argument by scanning the
		// arguments, so a statement costs the square of its parameters:
		// 100 rows of up to 11 columns keep that small, and a statement
		// costs no round trip. Fewer rows cost more: each statement
		// journals the pages it changes.
		provisionBatch: 100,
		rollupBatch:    50,
		provisionPragmas: []pragma{
			// 100,000 events with their links and updates write about
			// 100 MB, which spilled from the default 2 MB cache into the
			// WAL and was read back.
			{name: "cache_size", value: "-262144"},
		},
		// Timestamps are text with their offset, which strftime reads.
		unixHour:   func(column string) string { return "CAST(strftime('%s', " + column + ") AS INTEGER) / 3600" },
		unixSecond: func(column string) string { return "CAST(strftime('%s', " + column + ") AS INTEGER)" },
	}
}
