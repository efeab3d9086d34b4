package store

import (
	"fmt"
	"maps"
	"sync"

	"gorm.io/gorm"
)

// monthsCache keeps, per scope and range of months, the rows of
// component_months a server read, with the generation of the table they
// were read at (rollup_generation, counted up in every transaction that
// changes the table): while the generation stands, the rows are what the
// table holds. The months change when the finalizer rolls a day up, or
// when a write changes a finalized day's history; the pages, rebuilt after
// every write, read them each time. A hit costs one short statement where
// reading a region's months read 3,000 rows (a quarter of the page's
// build at 1,000 components), the whole catalog's 12,000.
//
// Safe for concurrent use. The maps it hands out are shared: read only.
type monthsCache struct {
	mu      sync.Mutex
	entries map[monthsKey]monthsEntry
}

// monthsKey is what one read of the months covers, or of the days
// (component_days, which change in the same transactions as the months).
type monthsKey struct {
	scope       componentScope
	first, last int64
	days        bool
}

// monthsEntry is the rows of one read, by component and month.
type monthsEntry struct {
	generation int64
	rolled     map[uint]map[int64]rollupTimes
}

// maxMonthsEntries bounds the cache: a key per region and one for the
// whole catalog, for the months the pages show.
const maxMonthsEntries = 64

// kept returns the rows kept for key and the generation they were read at.
func (c *monthsCache) kept(key monthsKey) (monthsEntry, bool) {
	if c == nil {
		return monthsEntry{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	entry, ok := c.entries[key]
	return entry, ok
}

// put keeps the rows of key read at generation, dropping the rows of older
// generations, which no read can use any more.
func (c *monthsCache) put(key monthsKey, generation int64, rolled map[uint]map[int64]rollupTimes) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= maxMonthsEntries {
		c.entries = make(map[monthsKey]monthsEntry)
	}
	maps.DeleteFunc(c.entries, func(_ monthsKey, e monthsEntry) bool { return e.generation < generation })
	c.entries[key] = monthsEntry{generation: generation, rolled: rolled}
}

// readMonthRows reads the rows of component_months in [first, last] of the
// components in scope, by component and month: readRollupRows.
func readMonthRows(db *gorm.DB, cache *monthsCache, first, last int64, scope componentScope) (map[uint]map[int64]rollupTimes, int64, error) {
	rolled, mark, err := readRollupRows(db, cache, monthsKey{scope: scope, first: first, last: last})
	return rolled, mark.finalized, err
}

// readDayRows reads the rows of component_days in [first, last] of the
// components in scope, by component and day: readRollupRows.
func readDayRows(db *gorm.DB, cache *monthsCache, first, last int64, scope componentScope) (map[uint]map[int64]rollupTimes, rollupMark, error) {
	return readRollupRows(db, cache, monthsKey{scope: scope, first: first, last: last, days: true})
}

// rollupMark is where the roll-ups stand: the first day not finalized
// (rollup_state) and the generation of their rows (rollup_generation),
// read together.
type rollupMark struct {
	finalized, generation int64
}

// readRollupMark reads where the roll-ups stand, in one short statement.
func readRollupMark(db *gorm.DB) (rollupMark, error) {
	var mark rollupMark
	err := db.Raw("SELECT s.finalized_day, g.generation FROM rollup_state s, rollup_generation g WHERE s.id = 1 AND g.id = 1").
		Row().Scan(&mark.finalized, &mark.generation)
	if err != nil {
		return rollupMark{}, fmt.Errorf("store: read the availability roll-ups' generation: %w", markUnavailable(err))
	}
	return mark, nil
}

// readRollupRows (with a nil cache: none kept) reads the rows of component_months (component_days for
// key.days) in [first, last] of the components in scope, by component and
// month (day), and in the same statement
// (the same snapshot) the finalized day up to which they sum the days and
// the table's generation. Rows kept in cache for that generation are not
// read again: a cache that holds the key at an older generation costs one
// statement more. A row per component and month: scanned straight, as
// GORM's scanning by reflection would be most of the page's cost.
func readRollupRows(db *gorm.DB, cache *monthsCache, key monthsKey) (rolled map[uint]map[int64]rollupTimes, mark rollupMark, err error) {
	table, column, what := "component_months", "month", "months"
	if key.days {
		table, column, what = "component_days", "day", "days"
	}
	if entry, ok := cache.kept(key); cache != nil && ok {
		mark, err := readRollupMark(db)
		if err != nil {
			return nil, rollupMark{}, err
		}
		if entry.generation == mark.generation {
			return entry.rolled, mark, nil
		}
	}
	inScope, args := key.scope.condition("m.component_id")
	rows, err := db.Raw("SELECT s.finalized_day, g.generation, COALESCE(m.component_id, 0), COALESCE(m."+column+", 0), COALESCE(m.maintenance_ns, 0), "+
		"COALESCE(m.degraded_ns, 0), COALESCE(m.partial_ns, 0), COALESCE(m.outage_ns, 0) FROM rollup_state s "+
		"JOIN rollup_generation g ON g.id = 1 "+
		"LEFT JOIN "+table+" m ON m."+column+" >= ? AND m."+column+" <= ? AND "+inScope+" WHERE s.id = 1",
		append([]any{key.first, key.last}, args...)...).Rows()
	if err != nil {
		return nil, rollupMark{}, fmt.Errorf("store: read availability %s: %w", what, err)
	}
	defer rows.Close()
	rolled = make(map[uint]map[int64]rollupTimes)
	for rows.Next() {
		var row componentDay
		var number int64 // the month or the day
		if err := rows.Scan(&mark.finalized, &mark.generation, &row.ComponentID, &number, &row.MaintenanceNs, &row.DegradedNs, &row.PartialNs, &row.OutageNs); err != nil {
			return nil, rollupMark{}, fmt.Errorf("store: read availability %s: %w", what, err)
		}
		if row.ComponentID == 0 {
			continue // no month row: the state alone
		}
		if rolled[row.ComponentID] == nil {
			rolled[row.ComponentID] = make(map[int64]rollupTimes)
		}
		rolled[row.ComponentID][number] = row.times()
	}
	if err := rows.Err(); err != nil {
		return nil, rollupMark{}, fmt.Errorf("store: read availability %s: %w", what, markUnavailable(err))
	}
	if cache != nil {
		cache.put(key, mark.generation, rolled)
	}
	return rolled, mark, nil
}
