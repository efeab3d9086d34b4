package store

import (
	"github.com/pressly/goose/v3"
	"gorm.io/gorm/clause"
)

// dialectSpecific is what differs between PostgreSQL and SQLite in the
// store's SQL and in how it writes. Open picks one (specific_postgres.go,
// specific_sqlite.go); the rest of the store asks it instead of checking
// the dialect.
type dialectSpecific struct {
	dialect Dialect
	goose   goose.Dialect
	// lockEventWrites serialises event writes for the rest of the
	// transaction, given eventWriteLock; empty where every write
	// transaction begins with the database's own write lock.
	lockEventWrites string
	// sharedRowLock and rowLock end a SELECT that locks the rows it reads,
	// shared or not, until the transaction ends (rollup_state); empty
	// where a write transaction holds the write lock from its start anyway.
	sharedRowLock, rowLock string
	// componentList is the SQL expression of an events row's component
	// ids, comma separated, ascending (parseIDList reads it).
	componentList string
	// holdsAnyOf is the SQL condition that held.component_id is one of
	// the ids that idList encodes as one argument, so that the statement
	// is the same whatever their number.
	holdsAnyOf string
	idList     func(ids []uint) string
	// claimRows locks the rows a query reads, skipping those another
	// transaction holds; nil where a write transaction holds the write
	// lock from its start anyway.
	claimRows clause.Expression
	// writesTogether: a batch of reports holds its writes back and sends
	// them in one statement of data-modifying WITH queries, and a person's
	// write its audit rows with the new data version (pendingWrites); else
	// each write is a statement of its own.
	writesTogether bool
	// lookupReadsHeld: a report's component lookup also reads the
	// unfinished events holding the component (a LATERAL join), so that a
	// report that changes nothing is answered before the write lock.
	lookupReadsHeld bool
	// provisionBatch is how many rows provisioning inserts per statement
	// (catalog_batches.go).
	provisionBatch int
	// rollupBatch is how many availability days a rebuild of the roll-ups
	// inserts per statement (availability_rollup.go).
	rollupBatch int
	// unixHour is the SQL expression of the Unix hour number (whole hours
	// since 1970-01-01 00:00 UTC) of a timestamp column (check_rollup.go).
	unixHour func(column string) string
	// unixSecond is the SQL expression of the Unix time in whole seconds of
	// a timestamp column: integers scan at a fraction of a timestamp's cost
	// (availability_days.go reads hundreds).
	unixSecond func(column string) string
	// provisionPragmas are settings of SQLite's connection that a
	// provisioning transaction changes for its bulk import and sets back
	// before it ends (setPragmas).
	provisionPragmas []pragma
	// analyzeProvisioned refreshes the planner's statistics of the event
	// tables after provisioning inserted at least a batch of rows, so that
	// the next run's lookups, and the pages', are planned for their size;
	// empty where the planner keeps no such statistics unasked.
	analyzeProvisioned string
	// vacuumImported tidies the tables a large import wrote, after its
	// commit (VacuumAfterImport); empty where there is nothing to do.
	vacuumImported string
	// pageUpdates joins a streamed chunk's events (the WITH query page) to
	// their updates (u: status, text, at, id; none for an event without
	// any) so that each is looked up by its index (api_stream.go).
	pageUpdates string
	// recentResults joins each check (c) to its newest results (r), at most
	// as many as its one argument, read through the index of check_id
	// (check_latest.go).
	recentResults string
	// explain prefixes a query to show its plan (tests).
	explain string
}
