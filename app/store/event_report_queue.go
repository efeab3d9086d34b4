package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"gorm.io/gorm"

	"statusdash/app/incident"
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
	// reportBatchTimeout bounds one batch's transaction. A batch does not
	// follow the cancellation of the requests in it: each waits for its
	// answer, and a request cancelled before its batch starts is left out.
	reportBatchTimeout = 30 * time.Second
)

// reportQueue holds the reports waiting for the event write lock. At most
// one goroutine writes batches at a time: the caller that found the queue
// idle, and then, while reports keep arriving, a goroutine of its own.
type reportQueue struct {
	mu      sync.Mutex
	waiting []*queuedReport
	busy    bool
}

// queuedReport is one report in the queue, with its answer once written.
type queuedReport struct {
	ctx       context.Context
	actor     Actor
	report    Report
	component model.Component
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
	// answered is set when done is closed. Only the goroutine writing the
	// report's batch touches it and the answer, until done is closed.
	answered bool
}

// writeReport queues the report, waits until a batch has written it, and
// answers it.
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
	<-q.done
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
		return false
	}
	return true
}

// writeReportBatch writes the reports in one transaction and answers each.
// When the transaction fails, each report is tried again in a transaction
// of its own, so that one report's failure is not the others'.
func (s *Storage) writeReportBatch(batch []*queuedReport) {
	defer func() {
		// A panic must not leave callers waiting forever, nor kill the
		// process from the goroutine that drains the queue.
		if p := recover(); p != nil {
			for _, q := range batch {
				q.answer(nil, 0, fmt.Errorf("store: report on component %d: panic: %v", q.report.ComponentID, p))
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
	err := s.writeReportsTx(live)
	if err != nil && len(live) > 1 {
		for _, q := range live {
			s.writeReportBatch([]*queuedReport{q})
		}
		return
	}
	var answers *batchAnswers
	if err == nil {
		answers = newBatchAnswers(s, live)
	}
	for _, q := range live {
		if err != nil {
			q.answer(nil, 0, err)
			continue
		}
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

// writeReportsTx writes the reports in order in one serialised write
// transaction, setting each one's result. One statement reads what the
// rules look at for all of them (reportBatch); each report then decides on
// what those before it left and queues its writes, and on PostgreSQL one
// statement sends them all with the audit rows and the new data version.
func (s *Storage) writeReportsTx(batch []*queuedReport) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(batch[0].ctx), reportBatchTimeout)
	defer cancel()
	deferring := s.dialect == Postgres
	err := s.inTxBumpingOn(ctx, s.reportDB(), func(tx *gorm.DB) (bool, error) {
		if err := lockEventWrites(tx, s.dialect); err != nil {
			return false, err
		}
		componentIDs := make([]uint, 0, len(batch))
		for _, q := range batch {
			componentIDs = append(componentIDs, q.report.ComponentID)
		}
		// The batch's own reads and writes, outside any one report's: the
		// reports share its queue of writes.
		shared := &eventTx{tx: tx, pending: &pendingWrites{}}
		model, err := shared.readReportBatch(uniqueIDs(componentIDs))
		if err != nil {
			return false, err
		}
		writers := make([]*eventTx, len(batch))
		changed := false
		for i, q := range batch {
			q.result, q.lastUpdateID = nil, 0 // from a failed try, if any
			w := newEventTx(tx, q.actor, q.now)
			w.deferring, w.pending, w.batch = deferring, shared.pending, model
			// The queued writes would not see each other's rows.
			if w.writesLinksOf(q.report.ComponentID) {
				if err := w.flush(); err != nil {
					return false, err
				}
			}
			result, err := w.report(q.report.ComponentID, q.report.Impact, q.component, q.title)
			if err != nil {
				return false, err
			}
			q.result = result
			if !result.Action.Changes() {
				continue
			}
			changed = true
			writers[i] = w
			if err := w.queueAudits(ActionEventReport); err != nil {
				return false, err
			}
		}
		if !changed {
			// Answered from what is there: no write, no new data version.
			return false, errNoChange
		}
		if deferring {
			shared.queue(bumpDataVersion)
		}
		if err := shared.flush(); err != nil {
			return false, err
		}
		// The queued writes went out: the ids of the reports' updates are
		// known now.
		for i, w := range writers {
			if w != nil {
				batch[i].lastUpdateID = w.lastUpdateID
			}
		}
		return deferring, nil
	})
	if errors.Is(err, errNoChange) {
		return nil
	}
	return err
}

// report applies the stackmon v1 rules to a report on the component and
// queues or makes the writes; the audit rows are the caller's.
func (w *eventTx) report(componentID uint, impact model.Impact, component model.Component, title string) (*ReportResult, error) {
	state, err := w.situation(componentID)
	if err != nil {
		return nil, err
	}
	decision := incident.Decide(state.Situation, impact)
	if !decision.Action.Changes() {
		return w.unchanged(decision, state)
	}
	holder, err := w.apply(decision, component, state, incident.NewEvent{Title: title, StartAt: w.now})
	if err != nil {
		return nil, err
	}
	answer, err := w.answerComponents(holder)
	if err != nil {
		return nil, err
	}
	return &ReportResult{Action: decision.Action, Event: answer}, nil
}
