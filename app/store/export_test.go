package store

import (
	"context"
	"sync/atomic"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"
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
	copied := &Storage{db: s.db.Session(&gorm.Session{Logger: counter}), dialect: s.dialect}
	return copied, counter.count.Load
}

// BatchedReport is one report of WriteReportBatchForTest, with its context.
type BatchedReport struct {
	Ctx    context.Context
	Report Report
}

// WriteReportBatchForTest writes the reports as one batch of the report
// queue, in order, and returns their answers, with their updates as
// ReportComponent reads them.
func WriteReportBatchForTest(s *Storage, actor Actor, reports []BatchedReport, now time.Time) ([]*ReportResult, []error) {
	batch := make([]*queuedReport, len(reports))
	for i, r := range reports {
		component, err := s.labelledComponent(context.WithoutCancel(r.Ctx), r.Report)
		if err != nil {
			panic(err)
		}
		batch[i] = &queuedReport{ctx: r.Ctx, actor: actor, report: r.Report, component: component,
			title: "Batched", now: now, done: make(chan struct{})}
	}
	s.writeReportBatch(batch)
	results := make([]*ReportResult, len(batch))
	errs := make([]error, len(batch))
	for i, q := range batch {
		<-q.done
		results[i], errs[i] = q.result, q.err
		if q.err == nil && q.lastUpdateID != 0 {
			results[i].Event.Updates, errs[i] = q.answers.updatesUpTo(q.ctx, q.result.Event.ID, q.lastUpdateID)
		}
	}
	return results, errs
}

// PlanCacheModesForTest returns PostgreSQL's plan_cache_mode in a session
// of the main pool and in one of the reports' pool.
func PlanCacheModesForTest(ctx context.Context, s *Storage) (main, reports string, err error) {
	if err := s.db.WithContext(ctx).Raw("SHOW plan_cache_mode").Scan(&main).Error; err != nil {
		return "", "", err
	}
	err = s.reportDB().WithContext(ctx).Raw("SHOW plan_cache_mode").Scan(&reports).Error
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

// HeldForTest returns the ids of the events FindReportTargets read as
// holding the target, with their component counts, and whether it read them.
func HeldForTest(target ReportTarget) (ids []uint, counts []int, read bool) {
	for _, h := range target.held {
		ids = append(ids, h.ID)
		counts = append(counts, h.ComponentCount)
	}
	return ids, counts, target.heldRead
}

// MigrateDownToForTest rolls the schema back to the version, keeping it.
func MigrateDownToForTest(ctx context.Context, s *Storage, version int64) error {
	provider, err := s.migrator()
	if err != nil {
		return err
	}
	_, err = provider.DownTo(ctx, version)
	return err
}
