package store

import (
	"strconv"
	"strings"

	"github.com/pressly/goose/v3"
	"gorm.io/gorm/clause"
)

// postgresSpecific is PostgreSQL's dialectSpecific.
func postgresSpecific() dialectSpecific {
	return dialectSpecific{
		dialect:         Postgres,
		goose:           goose.DialectPostgres,
		lockEventWrites: "SELECT pg_advisory_xact_lock(?)",
		sharedRowLock:   " FOR SHARE",
		rowLock:         " FOR UPDATE",
		componentList: "COALESCE((SELECT string_agg(listed.component_id::text, ',' ORDER BY listed.component_id) " +
			"FROM event_components listed WHERE listed.event_id = events.id), '')",
		holdsAnyOf:      "held.component_id = ANY(CAST(string_to_array(?, ',') AS bigint[]))",
		idList:          func(ids []uint) string { return joinIDs(ids) },
		claimRows:       clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"},
		writesTogether:  true,
		lookupReadsHeld: true,
		explain:         "EXPLAIN ",
		recentResults: "CROSS JOIN LATERAL (SELECT * FROM check_results WHERE check_id = c.id " +
			"ORDER BY started_at DESC, id DESC LIMIT ?) r",
		// A plain join of a chunk of 2,000 events is planned as a scan of
		// every update, once per chunk; a lateral one looks each event's up.
		pageUpdates: "LEFT JOIN LATERAL (SELECT status, text, at, id FROM event_updates WHERE event_id = page.id ORDER BY at, id) u ON true",
		// Each statement is a round trip: 1,000 rows of up to 11 columns
		// stay far below the 65,535 bind parameters a statement may carry.
		provisionBatch: 1000,
		rollupBatch:    1000,
		// A fresh bulk import has no statistics until autovacuum comes by:
		// meanwhile the lookups of a second run scan whole tables.
		analyzeProvisioned: "ANALYZE events, event_components, event_updates",
		vacuumImported: "VACUUM (ANALYZE) events, event_components, event_updates, event_changes, components, " +
			"component_days, component_months, component_since",
		unixHour: func(column string) string {
			return "CAST(floor(extract(epoch FROM " + column + ") / 3600) AS BIGINT)"
		},
		unixSecond: func(column string) string { return "CAST(floor(extract(epoch FROM " + column + ")) AS BIGINT)" },
	}
}

// joinIDs writes the ids comma separated.
func joinIDs(ids []uint) string {
	var list strings.Builder
	for i, id := range ids {
		if i > 0 {
			list.WriteByte(',')
		}
		list.WriteString(strconv.FormatUint(uint64(id), 10))
	}
	return list.String()
}
