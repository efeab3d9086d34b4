package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"gorm.io/gorm"

	"statusdash/app/availability"
)

// The availability roll-ups (migration 00007) keep, per component and UTC
// day, the figure package availability gives for that day: the time in
// maintenance and at each worst impact. Only days where something other
// than "up" happened have a row; component_months holds their sums per
// month, and component_since the start of a history older than its
// component. They hold exactly the days before rollup_state.finalized_day
// (migration 00009): the readers count the later days, normally just
// today, from the events themselves (availability_read.go), and the
// finalizer rolls up each day once it has ended (availability_finalize.go).
// An event write refreshes, in its transaction, only the finalized days
// whose history it changed (a back-dated edit), for the components it
// touched.

// secondsPerDay is the length of a UTC day: days in the roll-ups are UTC.
const secondsPerDay = 24 * 60 * 60

// endOfTime stands for "never" where a timeline needs an end: the
// roll-ups count open events as lasting, and the readers cut them at now.
// Timelines count in Unix nanoseconds, which end in 2262.
var endOfTime = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)

// rollupRowsPerInsert bounds one insert's rows in an event write's refresh,
// which writes a few: the SQLite driver binds each placeholder at a cost
// that grows with their number (a rebuild spent most of its time binding
// 500-row inserts). A rebuild inserts specific.rollupBatch rows a statement.
const rollupRowsPerInsert = 50

// unixDay is the number of the UTC day holding t.
func unixDay(t time.Time) int64 {
	seconds := t.Unix()
	day := seconds / secondsPerDay
	if seconds < 0 && seconds%secondsPerDay != 0 {
		day--
	}
	return day
}

// dayStart is the first instant of the UTC day.
func dayStart(day int64) time.Time { return time.Unix(day*secondsPerDay, 0).UTC() }

// monthNumber numbers the UTC month holding t: year * 12 + month - 1.
func monthNumber(t time.Time) int64 {
	t = t.UTC()
	return int64(t.Year())*12 + int64(t.Month()) - 1
}

// componentDay is one row of component_days (a day that was not plainly
// up), or of component_months without Day.
type componentDay struct {
	ComponentID                                    uint
	Day                                            int64
	Month                                          int64
	MaintenanceNs, DegradedNs, PartialNs, OutageNs int64
}

func (d componentDay) times() rollupTimes {
	return rollupTimes{MaintenanceNs: d.MaintenanceNs, DegradedNs: d.DegradedNs, PartialNs: d.PartialNs, OutageNs: d.OutageNs}
}

// rollupTimes are a day's or a month's times, in nanoseconds.
type rollupTimes struct {
	MaintenanceNs, DegradedNs, PartialNs, OutageNs int64
}

func timesOf(f availability.Figure) rollupTimes {
	return rollupTimes{MaintenanceNs: int64(f.Maintenance), DegradedNs: int64(f.Degraded),
		PartialNs: int64(f.Partial), OutageNs: int64(f.Outage)}
}

func (r rollupTimes) plus(o rollupTimes, sign int64) rollupTimes {
	return rollupTimes{MaintenanceNs: r.MaintenanceNs + sign*o.MaintenanceNs, DegradedNs: r.DegradedNs + sign*o.DegradedNs,
		PartialNs: r.PartialNs + sign*o.PartialNs, OutageNs: r.OutageNs + sign*o.OutageNs}
}

// refreshRollups recomputes, in the write's transaction, the roll-ups of
// the finalized days r touched for the components it touched, from their
// events as the write left them, and their history's start when the write
// reached before their creation. It first reads finalized_day and holds it
// until the commit, so that no finalizer rolls up a day before this write
// shows in it (availability_finalize.go). A write that changed only days
// not finalized yet (today's reports) ends there: one statement.
func refreshRollups(tx *gorm.DB, specific *dialectSpecific, r rollupRange) error {
	if len(r.events) == 0 {
		return nil
	}
	// Components that left a touched event before this write are not in its
	// snapshots: their time in it may change with its start or end.
	touched, args := "c.id IN ? OR c.id IN (SELECT component_id FROM event_changes WHERE event_id IN ?)",
		[]any{append(slices.Clone(r.components), 0), r.events}
	var finalized int64
	var beforeCreation bool
	err := tx.Raw("SELECT s.finalized_day, EXISTS (SELECT 1 FROM components c WHERE ("+touched+") AND c.created_at > ?) "+
		"FROM rollup_state s WHERE s.id = 1"+specific.sharedRowLock, append(args, utc(r.from))...).Row().Scan(&finalized, &beforeCreation)
	if err != nil {
		return fmt.Errorf("store: read finalized availability day: %w", err)
	}
	first, last := unixDay(r.from), min(unixDay(r.to)+1, finalized)
	if first >= last && !beforeCreation {
		return nil
	}
	components, err := readCreation(tx, touched, args...)
	if err != nil || len(components) == 0 {
		return err
	}
	ids := slices.Sorted(maps.Keys(components))
	if first < last {
		if err := refreshDays(tx, components, ids, first, last); err != nil {
			return err
		}
	}
	// A history older than a component moves its start: only a write
	// before a component's creation can do that.
	var older []uint
	for _, id := range ids {
		if r.from.Before(components[id]) {
			older = append(older, id)
		}
	}
	return refreshSince(tx, older, components)
}

// refreshDays rewrites the days [first, last) of the components, and the
// sums of their months, from their events.
func refreshDays(tx *gorm.DB, components map[uint]time.Time, ids []uint, first, last int64) error {
	events, err := readHistory(tx, historyQuery{from: dayStart(first), to: dayStart(last), components: ids})
	if err != nil {
		return err
	}
	timelines := availability.Timelines(components, events.events, endOfTime)
	if err := tx.Exec("DELETE FROM component_days WHERE component_id IN ? AND day >= ? AND day < ?", ids, first, last).Error; err != nil {
		return fmt.Errorf("store: clear availability days: %w", err)
	}
	if err := insertComponentDays(tx, rollupDays(timelines, first, last), rollupRowsPerInsert); err != nil {
		return err
	}
	return sumComponentMonths(tx, ids, monthNumber(dayStart(first)), monthNumber(dayStart(last-1)))
}

// readCreation reads when the components selected by where began to exist.
func readCreation(db *gorm.DB, where string, args ...any) (map[uint]time.Time, error) {
	var rows []struct {
		ID        uint
		CreatedAt time.Time
	}
	sql := "SELECT c.id, c.created_at FROM components c"
	if where != "" {
		sql += " WHERE " + where
	}
	if err := db.Raw(sql, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: read component creation: %w", err)
	}
	created := make(map[uint]time.Time, len(rows))
	for _, row := range rows {
		created[row.ID] = row.CreatedAt.UTC()
	}
	return created, nil
}

// refreshSince rewrites component_since for the components, from every
// event that began before their creation.
func refreshSince(tx *gorm.DB, ids []uint, created map[uint]time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	var latest time.Time
	for _, id := range ids {
		latest = later(latest, created[id])
	}
	events, err := readHistory(tx, historyQuery{from: time.Unix(0, 0), to: latest, components: ids})
	if err != nil {
		return err
	}
	some := make(map[uint]time.Time, len(ids))
	for _, id := range ids {
		some[id] = created[id]
	}
	if err := tx.Exec("DELETE FROM component_since WHERE component_id IN ?", ids).Error; err != nil {
		return fmt.Errorf("store: clear availability starts: %w", err)
	}
	return insertSince(tx, availability.Timelines(some, events.events, endOfTime), created)
}

// insertSince stores the start of each timeline that begins before its
// component's creation.
func insertSince(tx *gorm.DB, timelines map[uint]*availability.Timeline, created map[uint]time.Time) error {
	var args []any
	for id, t := range timelines {
		if t.Since.Before(created[id]) {
			args = append(args, id, t.Since)
		}
	}
	if len(args) == 0 {
		return nil
	}
	if err := tx.Exec("INSERT INTO component_since (component_id, since) VALUES "+placeholderRows(len(args)/2, 2), args...).Error; err != nil {
		return fmt.Errorf("store: write availability starts: %w", err)
	}
	return nil
}

// rollupDays measures each timeline on the days of [first, last) that it
// holds anything in: the rows of component_days, by component and day.
func rollupDays(timelines map[uint]*availability.Timeline, first, last int64) []componentDay {
	var rows []componentDay
	for id, t := range timelines {
		var held []int64
		touch := func(span availability.Span) {
			for day := max(unixDay(span.Start), first); day < last && dayStart(day).Before(span.End); day++ {
				held = append(held, day)
			}
		}
		for _, h := range t.Incidents {
			touch(h.Span)
		}
		for _, window := range t.Maintenance {
			touch(window)
		}
		slices.Sort(held)
		held = slices.Compact(held)
		days := make([]availability.Span, len(held))
		for i, day := range held {
			days[i] = availability.Span{Start: dayStart(day), End: dayStart(day + 1)}
		}
		for i, figure := range t.Figures(days) {
			if times := timesOf(figure); times != (rollupTimes{}) {
				rows = append(rows, componentDay{ComponentID: id, Day: held[i], Month: monthNumber(days[i].Start), MaintenanceNs: times.MaintenanceNs,
					DegradedNs: times.DegradedNs, PartialNs: times.PartialNs, OutageNs: times.OutageNs})
			}
		}
	}
	return rows
}

// insertComponentDays inserts the rows, rowsPerInsert a statement.
func insertComponentDays(tx *gorm.DB, rows []componentDay, rowsPerInsert int) error {
	for chunk := range slices.Chunk(rows, rowsPerInsert) {
		args := make([]any, 0, 7*len(chunk))
		for _, r := range chunk {
			args = append(args, r.ComponentID, r.Day, r.Month, r.MaintenanceNs, r.DegradedNs, r.PartialNs, r.OutageNs)
		}
		err := tx.Exec("INSERT INTO component_days (component_id, day, month, maintenance_ns, degraded_ns, partial_ns, outage_ns) VALUES "+
			placeholderRows(len(chunk), 7), args...).Error
		if err != nil {
			return fmt.Errorf("store: write availability days: %w", err)
		}
	}
	return nil
}

// sumComponentMonths rewrites the months [first, last] of the components
// (nil: all) from their days.
func sumComponentMonths(tx *gorm.DB, ids []uint, first, last int64) error {
	where, args := "month >= ? AND month <= ?", []any{first, last}
	if ids != nil {
		where, args = "component_id IN ? AND "+where, append([]any{ids}, args...)
	}
	if err := tx.Exec("DELETE FROM component_months WHERE "+where, args...).Error; err != nil {
		return fmt.Errorf("store: clear availability months: %w", err)
	}
	err := tx.Exec("INSERT INTO component_months (component_id, month, maintenance_ns, degraded_ns, partial_ns, outage_ns) "+
		"SELECT component_id, month, CAST(SUM(maintenance_ns) AS BIGINT), CAST(SUM(degraded_ns) AS BIGINT), "+
		"CAST(SUM(partial_ns) AS BIGINT), CAST(SUM(outage_ns) AS BIGINT) FROM component_days WHERE "+where+
		" GROUP BY component_id, month", args...).Error
	if err != nil {
		return fmt.Errorf("store: write availability months: %w", err)
	}
	return countMonthsChange(tx)
}

// countMonthsChange moves the generation of component_months on, in the
// transaction that changes the table: servers keep the months they read
// while it stands (availability_months_cache.go).
func countMonthsChange(tx *gorm.DB) error {
	if err := tx.Exec("UPDATE rollup_generation SET generation = generation + 1 WHERE id = 1").Error; err != nil {
		return fmt.Errorf("store: count an availability months change: %w", err)
	}
	return nil
}

// rebuildRollups computes every roll-up anew from every event, at now:
// the days before now's, which it marks finalized. After the migrations
// that add the roll-ups and after provisioning, which writes events by the
// thousand. It holds finalized_day from its start, as a finalizer does.
func rebuildRollups(tx *gorm.DB, specific *dialectSpecific, now time.Time) error {
	if _, err := lockFinalizedDay(tx, specific); err != nil {
		return err
	}
	for _, table := range []string{"component_days", "component_months", "component_since"} {
		if err := tx.Exec("DELETE FROM " + table).Error; err != nil {
			return fmt.Errorf("store: clear %s: %w", table, err)
		}
	}
	if err := countMonthsChange(tx); err != nil {
		return err
	}
	today := unixDay(now)
	if err := setFinalizedDay(tx, today); err != nil {
		return err
	}
	created, err := readCreation(tx, "")
	if err != nil || len(created) == 0 {
		return err
	}
	// Every event, those to come too: they set where a history begins.
	events, err := readHistory(tx, historyQuery{from: time.Unix(0, 0), to: endOfTime})
	if err != nil {
		return err
	}
	timelines := availability.Timelines(created, events.events, endOfTime)
	if err := insertComponentDays(tx, rollupDays(timelines, 0, today), specific.rollupBatch); err != nil {
		return err
	}
	if err := sumComponentMonths(tx, nil, 0, monthNumber(dayStart(today-1))); err != nil {
		return err
	}
	return insertSince(tx, timelines, created)
}

// RebuildAvailability computes the availability roll-ups anew from the
// events, in one transaction: for data written around the store's event
// writes (test fixtures, a restored dump).
func (s *Storage) RebuildAvailability(ctx context.Context, now time.Time) error {
	return s.inTx(ctx, func(tx *gorm.DB) error { return rebuildRollups(tx, &s.specific, utc(now)) })
}

// migrationRebuildBound bounds the rebuild after the migration that adds
// the roll-ups: like a migration, it may take longer than any request may.
const migrationRebuildBound = time.Hour

// rebuildAfterMigration is RebuildAvailability without the write timeouts,
// the server's included, for the migration that adds the roll-ups.
func (s *Storage) rebuildAfterMigration(ctx context.Context, now time.Time) error {
	// With a deadline of its own, GORM adds none to the transaction.
	ctx, cancel := context.WithTimeout(ctx, migrationRebuildBound)
	defer cancel()
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if s.specific.dialect == Postgres {
			for _, name := range postgresServerTimeouts {
				if err := tx.Exec("SET LOCAL " + name + " = 0").Error; err != nil {
					return fmt.Errorf("store: lift %s: %w", name, err)
				}
			}
		}
		return rebuildRollups(tx, &s.specific, utc(now))
	})
	return markUnavailable(err)
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
