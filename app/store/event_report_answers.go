package store

import (
	"context"
	"sync"

	"statusdash/app/model"
)

// batchAnswers are the updates the answers of one batch's reports carry.
// A report answers with the event now holding its component and that
// event's updates up to the report's last, and the reports of a batch
// mostly answer with the same few system incidents, each with hundreds of
// updates: each event's updates are read once for the batch, up to the
// greatest of its reports' last updates, and each answer keeps those up
// to its own. The read runs after the commit, out of the write lock, in
// the goroutine of the first caller that needs it.
type batchAnswers struct {
	store  *Storage
	events map[uint]*eventUpdatesRead
}

// eventUpdatesRead is the one read of an event's updates for a batch.
type eventUpdatesRead struct {
	once    sync.Once
	last    uint
	updates []model.EventUpdate
	err     error
}

// newBatchAnswers prepares the reads for the written reports of a batch.
func newBatchAnswers(s *Storage, batch []*queuedReport) *batchAnswers {
	answers := &batchAnswers{store: s, events: map[uint]*eventUpdatesRead{}}
	for _, q := range batch {
		if q.result == nil || q.lastUpdateID == 0 {
			continue
		}
		read := answers.events[q.result.Event.ID]
		if read == nil {
			read = &eventUpdatesRead{}
			answers.events[q.result.Event.ID] = read
		}
		read.last = max(read.last, q.lastUpdateID)
	}
	return answers
}

// updatesUpTo is the event's updates with ids up to last, oldest first.
func (a *batchAnswers) updatesUpTo(ctx context.Context, eventID, last uint) ([]model.EventUpdate, error) {
	read := a.events[eventID]
	if read == nil || last > read.last {
		return a.store.updatesUpTo(ctx, eventID, last)
	}
	// The read serves every report of the batch on this event: one
	// caller's request ending must not fail the others'.
	read.once.Do(func() { read.updates, read.err = a.store.updatesUpTo(context.WithoutCancel(ctx), eventID, read.last) })
	if read.err != nil {
		return nil, read.err
	}
	updates := make([]model.EventUpdate, 0, len(read.updates))
	for _, u := range read.updates {
		if u.ID <= last {
			updates = append(updates, u)
		}
	}
	return updates, nil
}
