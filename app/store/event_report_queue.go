package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"statusdash/app/model"
)

// Reports that change something are written in one serialised transaction
// each (eventWriteLock), and each such transaction waits for the disk when
// it commits: written one by one, monitoring reports would queue behind one
// commit after another. So the reports that arrive while a transaction runs
// wait in a queue, and the next transaction writes them all, one after the
// other, each seeing the writes of those before it: the same decisions as
// one transaction per report, with one lock and one commit for the lot
// (group commit).
const (
	// maxReportBatch bounds the reports one transaction writes, and so how
	// long the write lock is held at a time.
	maxReportBatch = 64
	// reportBatchTimeout bounds one batch's transaction, and then the
	// retries of a batch that failed, all together. A batch does not follow
	// the cancellation of the requests in it: one request ending must not
	// fail the others.
	reportBatchTimeout = 30 * time.Second
)

// reportQueue holds the reports waiting for the event write lock. At most
// one goroutine writes batches at a time: the caller that found the queue
// idle, and then, while reports keep arriving, a goroutine of its own.
type reportQueue struct {
	mu      sync.Mutex
	waiting []*queuedReport
	busy    bool
	// reports counts the ReportComponent calls in progress. Once closed,
	// new ones are refused, and idle wakes Close when the last is answered
	// and no batch is writing.
	reports int
	closed  bool
	idle    *sync.Cond
	// timeout replaces reportBatchTimeout when set (tests).
	timeout time.Duration
}

// queuedReport is one report in the queue, with its answer once written.
type queuedReport struct {
	ctx       context.Context
	actor     Actor
	component model.Component
	impact    model.Impact
	title     string
	now       time.Time

	done chan struct{} // closed when result or err is set
	// result is the report's answer; lastUpdateID the greatest id of the
	// updates its writes added (0: none).
	result       *ReportResult
	lastUpdateID uint
	err          error
	// answers reads the updates of the batch's answers.
	answers *batchAnswers
	// answered is set when done is closed; tries counts the transactions
	// that wrote the report. Only the goroutine writing the report's batch
	// touches them and the answer, until done is closed.
	answered bool
	tries    int
}

// enter counts a report in progress, or refuses it once the queue is closed.
func (queue *reportQueue) enter() error {
	queue.mu.Lock()
	defer queue.mu.Unlock()
	if queue.closed {
		return fmt.Errorf("store: report refused: %w", ErrClosed)
	}
	queue.reports++
	return nil
}

// leave ends a report counted by enter.
func (queue *reportQueue) leave() {
	queue.mu.Lock()
	defer queue.mu.Unlock()
	queue.reports--
	queue.wakeIfIdle()
}

// close refuses new reports and waits until every report in progress is
// answered and no batch is writing.
func (queue *reportQueue) close() {
	queue.mu.Lock()
	defer queue.mu.Unlock()
	queue.closed = true
	if queue.idle == nil {
		queue.idle = sync.NewCond(&queue.mu)
	}
	for queue.reports > 0 || queue.busy {
		queue.idle.Wait()
	}
}

// wakeIfIdle wakes close when nothing is in progress; mu is held.
func (queue *reportQueue) wakeIfIdle() {
	if queue.idle != nil && queue.reports == 0 && !queue.busy {
		queue.idle.Broadcast()
	}
}

// batchTimeout bounds a batch's transaction, and its retries together.
func (queue *reportQueue) batchTimeout() time.Duration {
	if queue.timeout > 0 {
		return queue.timeout
	}
	return reportBatchTimeout
}

// writeReport queues the report, waits until a batch has written it, and
// answers it. A caller whose context ends while its report waits is
// answered at once with the context's error, and its report is left out of
// the batches that begin later (one already begun may still write it). The
// caller that finds the queue idle writes the first batch itself, and so
// answers when that batch ends.
func (s *Storage) writeReport(q *queuedReport) (*ReportResult, uint, *batchAnswers, error) {
	q.done = make(chan struct{})
	queue := &s.reportQueue
	queue.mu.Lock()
	queue.waiting = append(queue.waiting, q)
	lead := !queue.busy
	queue.busy = true
	queue.mu.Unlock()
	if lead {
		// This caller's report is in the first batch; later arrivals are
		// written by a goroutine, so that this caller answers at once.
		if s.writeNextReportBatch() {
			go s.drainReports()
		}
	}
	select {
	case <-q.done:
	case <-q.ctx.Done():
		select {
		case <-q.done:
		default:
			return nil, 0, nil, q.ctx.Err()
		}
	}
	return q.result, q.lastUpdateID, q.answers, q.err
}

// drainReports writes batches until the queue is empty.
func (s *Storage) drainReports() {
	for s.writeNextReportBatch() {
	}
}

// writeNextReportBatch takes up to maxReportBatch reports off the queue and
// writes them; it says whether more are waiting. When none are, the queue
// is left idle for the next caller to lead.
func (s *Storage) writeNextReportBatch() bool {
	queue := &s.reportQueue
	queue.mu.Lock()
	n := min(len(queue.waiting), maxReportBatch)
	batch := queue.waiting[:n:n]
	queue.waiting = queue.waiting[n:]
	queue.mu.Unlock()
	s.writeReportBatch(batch)
	queue.mu.Lock()
	defer queue.mu.Unlock()
	if len(queue.waiting) == 0 {
		queue.waiting = nil
		queue.busy = false
		queue.wakeIfIdle()
		return false
	}
	return true
}

// writeReportBatch writes the reports in one transaction and answers each.
// Reports whose request has ended are left out. When the transaction fails,
// each report is tried again in a transaction of its own, so that one
// report's failure is not the others'; the retries are bounded: each
// report is retried once at most, all of a batch's retries together within
// one more batch timeout, and none when the batch failed because the
// database did not answer in time or its connection failed (they would all
// fail the same way, each after waiting as long).
func (s *Storage) writeReportBatch(batch []*queuedReport) {
	defer func() {
		// A panic must not leave callers waiting forever, nor kill the
		// process from the goroutine that drains the queue.
		if p := recover(); p != nil {
			for _, q := range batch {
				q.answer(nil, 0, fmt.Errorf("store: report on component %d: panic: %v", q.component.ID, p))
			}
		}
	}()
	live := batch[:0:0]
	for _, q := range batch {
		if err := q.ctx.Err(); err != nil {
			q.answer(nil, 0, err)
			continue
		}
		live = append(live, q)
	}
	if len(live) == 0 {
		return
	}
	timeout := s.reportQueue.batchTimeout()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(live[0].ctx), timeout)
	defer cancel()
	err := s.writeReportsTx(ctx, live)
	switch {
	case err == nil:
		s.answerWritten(live)
		return
	case len(live) == 1 || errors.Is(err, ErrUnavailable) || errors.Is(err, context.Canceled):
		for _, q := range live {
			q.answer(nil, 0, err)
		}
		return
	}
	retries, cancelRetries := context.WithTimeout(context.WithoutCancel(live[0].ctx), timeout)
	defer cancelRetries()
	for _, q := range live {
		if err := q.ctx.Err(); err != nil {
			q.answer(nil, 0, err)
			continue
		}
		alone := []*queuedReport{q}
		if err := s.writeReportsTx(retries, alone); err != nil {
			q.answer(nil, 0, err)
			continue
		}
		s.answerWritten(alone)
	}
}

// answerWritten answers the reports of a transaction that went through.
func (s *Storage) answerWritten(reports []*queuedReport) {
	answers := newBatchAnswers(s, reports)
	for _, q := range reports {
		q.answers = answers
		q.answer(q.result, q.lastUpdateID, nil)
	}
}

// answer sets the report's answer and wakes its caller, once; later
// answers are ignored.
func (q *queuedReport) answer(result *ReportResult, lastUpdateID uint, err error) {
	if q.answered {
		return
	}
	q.answered = true
	q.result, q.lastUpdateID, q.err = result, lastUpdateID, err
	close(q.done)
}

// writeReportsTx writes the reports in order in one serialised reportTx,
// setting each one's result: one statement reads what the rules look at
// for all of them; each report then decides on what those before it left,
// and on PostgreSQL one statement sends all their writes with the audit
// rows and the new data version.
func (s *Storage) writeReportsTx(ctx context.Context, batch []*queuedReport) error {
	writes := make([]*eventWrite, len(batch))
	componentIDs := make([]uint, 0, len(batch))
	for _, q := range batch {
		q.tries++
		q.result = nil // from a failed try, if any
		componentIDs = append(componentIDs, q.component.ID)
	}
	err := s.inReportTx(ctx, s.reportDB(), func(r *reportTx) error {
		if err := r.read(uniqueIDs(componentIDs)); err != nil {
			return err
		}
		changed := false
		for i, q := range batch {
			w := r.newWrite(q.actor, q.now)
			result, err := r.report(w, q.component, q.impact, q.title)
			if err != nil {
				return err
			}
			q.result = result
			if !result.Action.Changes() {
				continue
			}
			changed = true
			writes[i] = w
			if err := r.writeAudits(w, ActionEventReport); err != nil {
				return err
			}
		}
		if !changed {
			// Answered from what is there: no write, no new data version.
			return errNoChange
		}
		return nil
	})
	if err != nil {
		return err
	}
	// The held writes went out: the ids of the reports' updates are known now.
	for i, w := range writes {
		batch[i].lastUpdateID = 0
		if w != nil {
			batch[i].lastUpdateID = w.lastUpdateID
		}
	}
	return nil
}
