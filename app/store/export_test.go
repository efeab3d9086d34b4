package store

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"statusdash/app/model"
)

// GormForTest exposes the connection to the external tests' fixtures.
func GormForTest(s *Storage) *gorm.DB { return s.db }

// queryCounter is a GORM logger that counts the statements it traces.
type queryCounter struct {
	logger.Interface
	count atomic.Int64
}

func (c *queryCounter) LogMode(logger.LogLevel) logger.Interface { return c }

func (c *queryCounter) Trace(context.Context, time.Time, func() (string, int64), error) {
	c.count.Add(1)
}

// CountQueriesForTest returns a copy of s whose statements are counted, and
// the function reading the count.
func CountQueriesForTest(s *Storage) (*Storage, func() int64) {
	counter := &queryCounter{Interface: logger.Discard}
	copied := &Storage{db: s.db.Session(&gorm.Session{Logger: counter}), specific: s.specific, timeouts: s.timeouts}
	return copied, counter.count.Load
}

// BatchedReport is one report of WriteReportBatchForTest, with its context.
// Component, when set, replaces the component the report names as found
// (to report on one that does not exist).
type BatchedReport struct {
	Ctx       context.Context
	Report    Report
	Component *model.Component
}

// BatchedAnswer is the answer to one report of WriteReportBatchForTest,
// and how many transactions tried to write it.
type BatchedAnswer struct {
	Result *ReportResult
	Err    error
	Tries  int
}

// WriteReportBatchForTest writes the reports as one batch of the report
// queue, in order, and returns their answers, with their updates as
// ReportComponent reads them.
func WriteReportBatchForTest(s *Storage, actor Actor, reports []BatchedReport, now time.Time) ([]*ReportResult, []error) {
	answers := WriteReportBatchAnswersForTest(s, actor, reports, now)
	results := make([]*ReportResult, len(answers))
	errs := make([]error, len(answers))
	for i, a := range answers {
		results[i], errs[i] = a.Result, a.Err
	}
	return results, errs
}

// WriteReportBatchAnswersForTest is WriteReportBatchForTest with the tries.
func WriteReportBatchAnswersForTest(s *Storage, actor Actor, reports []BatchedReport, now time.Time) []BatchedAnswer {
	batch := make([]*queuedReport, len(reports))
	for i, r := range reports {
		var component model.Component
		if r.Component != nil {
			component = *r.Component
		} else {
			target, err := s.findReportTarget(context.WithoutCancel(r.Ctx), r.Report)
			if err != nil {
				panic(err)
			}
			component = target.component
		}
		batch[i] = &queuedReport{ctx: r.Ctx, actor: actor, component: component, impact: r.Report.Impact,
			title: "Batched", now: now, done: make(chan struct{})}
	}
	s.writeReportBatch(batch)
	answers := make([]BatchedAnswer, len(batch))
	for i, q := range batch {
		<-q.done
		answers[i] = BatchedAnswer{Result: q.result, Err: q.err, Tries: q.tries}
		if q.err == nil && q.lastUpdateID != 0 {
			answers[i].Result.Event.Updates, answers[i].Err = q.answers.updatesUpTo(q.ctx, q.result.Event.ID, q.lastUpdateID)
		}
	}
	return answers
}

// SetReportBatchTimeoutForTest bounds the report queue's transactions.
func SetReportBatchTimeoutForTest(s *Storage, timeout time.Duration) { s.reportQueue.timeout = timeout }

// SessionSettingForTest returns a PostgreSQL setting in a session of the
// main pool and in one of the reports' pool.
func SessionSettingForTest(ctx context.Context, s *Storage, name string) (main, reports string, err error) {
	if err := s.db.WithContext(ctx).Raw("SHOW " + name).Scan(&main).Error; err != nil {
		return "", "", err
	}
	err = s.reportDB().WithContext(ctx).Raw("SHOW " + name).Scan(&reports).Error
	return main, reports, err
}

// DataVersionQueriesForTest counts the queries DataVersion made through the
// WAL index; ok is false when s reads the data version without one.
func DataVersionQueriesForTest(s *Storage) (queries int64, ok bool) {
	if s.walIndex == nil {
		return 0, false
	}
	return s.walIndex.queries.Load(), true
}

// ReportTargetsForTest finds the components a report names as its lookup
// does, and returns their ids; held are the ids of the events the lookup
// read as holding each, with their component counts, and heldRead whether
// it read them.
func ReportTargetsForTest(ctx context.Context, s *Storage, r Report) (ids []uint, held [][]uint, counts [][]int, heldRead bool, err error) {
	targets, err := s.findComponents(ctx, r, s.specific.lookupReadsHeld)
	if err != nil {
		return nil, nil, nil, false, err
	}
	for _, target := range targets {
		ids = append(ids, target.component.ID)
		var events []uint
		var count []int
		for _, h := range target.held {
			events = append(events, h.ID)
			count = append(count, h.ComponentCount)
		}
		held, counts = append(held, events), append(counts, count)
		heldRead = target.heldRead
	}
	return ids, held, counts, heldRead, nil
}

// MigrateDownToForTest rolls the schema back to the version, keeping it.
func MigrateDownToForTest(ctx context.Context, s *Storage, version int64) error {
	provider, release, err := s.migrator()
	if err != nil {
		return err
	}
	defer release()
	_, err = provider.DownTo(ctx, version)
	return err
}

// EventServicesForTest lists the distinct services of an event read by ReadEvent.
func EventServicesForTest(event *model.Event) []*model.Service { return eventServices(event) }

// RollupRowsForTest counts the rows of the availability roll-ups.
func RollupRowsForTest(t testing.TB, s *Storage) (days, months int64) {
	t.Helper()
	if err := s.db.Table("component_days").Count(&days).Error; err != nil {
		t.Fatal(err)
	}
	if err := s.db.Table("component_months").Count(&months).Error; err != nil {
		t.Fatal(err)
	}
	return days, months
}

// EditEventHeldForTest makes the edit EditEvent makes, with its roll-up
// refresh, in a transaction it leaves open before the commit, holding what
// such a write holds there; commit ends it.
func EditEventHeldForTest(ctx context.Context, s *Storage, actor Actor, eventID uint, in EventEdit, now time.Time) (commit func() error, err error) {
	tx := s.db.WithContext(ctx).Begin()
	if tx.Error != nil {
		return nil, tx.Error
	}
	if err := s.lockEventWrites(tx); err != nil {
		tx.Rollback()
		return nil, err
	}
	if _, err := s.writeEventsIn(tx, actor, now, ActionEventEdit, func(w *eventTx) error {
		_, err := w.edit(eventID, in)
		return err
	}); err != nil {
		tx.Rollback()
		return nil, err
	}
	return func() error { return tx.Commit().Error }, nil
}

// FinalizedDayForTest reads the day before which the roll-ups are final.
func FinalizedDayForTest(t testing.TB, s *Storage) time.Time {
	t.Helper()
	var day int64
	if err := s.db.Raw("SELECT finalized_day FROM rollup_state WHERE id = 1").Row().Scan(&day); err != nil {
		t.Fatal(err)
	}
	return dayStart(day)
}

// VacuumedForTest says whether PostgreSQL has vacuumed the table, by hand
// or by autovacuum, since its statistics began.
func VacuumedForTest(t testing.TB, s *Storage, table string) bool {
	t.Helper()
	var vacuumed bool
	err := s.db.Raw("SELECT last_vacuum IS NOT NULL OR last_autovacuum IS NOT NULL FROM pg_stat_user_tables WHERE relname = ?", table).
		Row().Scan(&vacuumed)
	if err != nil {
		t.Fatal(err)
	}
	return vacuumed
}
