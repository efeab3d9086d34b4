package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// DeliveryState groups River's job states as the admin pages show them.
type DeliveryState string

// Delivery states.
const (
	DeliveryPending DeliveryState = "pending"
	DeliverySent    DeliveryState = "sent"
	DeliveryFailed  DeliveryState = "failed"
)

// ErrNoDelivery is a delivery id that names no deliver job.
var ErrNoDelivery = errors.New("notify: no such delivery")

// riverStates are the job states of each delivery state.
var riverStates = map[DeliveryState][]rivertype.JobState{
	DeliveryPending: {rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable,
		rivertype.JobStateRunning, rivertype.JobStateScheduled},
	DeliverySent:   {rivertype.JobStateCompleted},
	DeliveryFailed: {rivertype.JobStateDiscarded, rivertype.JobStateCancelled},
}

// DeliveryRow is one delivery as the admin pages list it.
type DeliveryRow struct {
	ID          int64
	State       DeliveryState
	Attempts    int
	MaxAttempts int
	Recipient   Recipient
	Event       EventArgs
	// LastError is the latest failed attempt's error, "" when none failed.
	LastError   string
	CreatedAt   time.Time
	AttemptedAt *time.Time
	// ScheduledAt is when the next attempt runs, for a pending delivery.
	ScheduledAt time.Time
	FinalizedAt *time.Time
}

// DeliveryPage is one page of deliveries, newest first; Next is the
// cursor of the page after it, "" on the last.
type DeliveryPage struct {
	Deliveries []DeliveryRow
	Next       string
}

// ListDeliveries lists the deliveries in state, newest first, limit at
// most, after the cursor a former page returned ("" for the first).
func (n *Notifier) ListDeliveries(ctx context.Context, state DeliveryState, after string, limit int) (DeliveryPage, error) {
	states, ok := riverStates[state]
	if !ok {
		return DeliveryPage{}, fmt.Errorf("notify: unknown delivery state %q", state)
	}
	params := river.NewJobListParams().Kinds(KindDeliver).States(states...).
		OrderBy(river.JobListOrderByID, river.SortOrderDesc).First(limit)
	if after != "" {
		var cursor river.JobListCursor
		if err := cursor.UnmarshalText([]byte(after)); err != nil {
			return DeliveryPage{}, fmt.Errorf("notify: page cursor: %w", err)
		}
		params = params.After(&cursor)
	}
	result, err := n.queue.list(ctx, params)
	if err != nil {
		return DeliveryPage{}, fmt.Errorf("notify: list %s deliveries: %w", state, err)
	}
	page := DeliveryPage{Deliveries: make([]DeliveryRow, 0, len(result.Jobs))}
	for _, job := range result.Jobs {
		row, err := deliveryRowOf(job)
		if err != nil {
			return DeliveryPage{}, err
		}
		page.Deliveries = append(page.Deliveries, row)
	}
	if len(result.Jobs) == limit && result.LastCursor != nil {
		text, err := result.LastCursor.MarshalText()
		if err != nil {
			return DeliveryPage{}, fmt.Errorf("notify: page cursor: %w", err)
		}
		page.Next = string(text)
	}
	return page, nil
}

// RetryDelivery runs a failed (or waiting) delivery again now, with one
// more attempt if it had used them all.
func (n *Notifier) RetryDelivery(ctx context.Context, id int64) (DeliveryRow, error) {
	job, err := n.queue.get(ctx, id)
	if errors.Is(err, rivertype.ErrNotFound) || (err == nil && job.Kind != KindDeliver) {
		return DeliveryRow{}, fmt.Errorf("%w: %d", ErrNoDelivery, id)
	}
	if err != nil {
		return DeliveryRow{}, fmt.Errorf("notify: read delivery %d: %w", id, err)
	}
	if job, err = n.queue.retry(ctx, id); err != nil {
		return DeliveryRow{}, fmt.Errorf("notify: retry delivery %d: %w", id, err)
	}
	return deliveryRowOf(job)
}

func deliveryRowOf(job *rivertype.JobRow) (DeliveryRow, error) {
	var args DeliverArgs
	if err := json.Unmarshal(job.EncodedArgs, &args); err != nil {
		return DeliveryRow{}, fmt.Errorf("notify: delivery %d: %w", job.ID, err)
	}
	row := DeliveryRow{ID: job.ID, State: deliveryStateOf(job.State), Attempts: job.Attempt,
		MaxAttempts: job.MaxAttempts, Recipient: args.Recipient, Event: args.Event, CreatedAt: job.CreatedAt,
		AttemptedAt: job.AttemptedAt, ScheduledAt: job.ScheduledAt, FinalizedAt: job.FinalizedAt}
	if len(job.Errors) > 0 {
		// River names a permanent failure's error by its wrapper.
		row.LastError = strings.TrimPrefix(job.Errors[len(job.Errors)-1].Error, "JobCancelError: ")
	}
	return row, nil
}

func deliveryStateOf(state rivertype.JobState) DeliveryState {
	for delivery, states := range riverStates {
		for _, s := range states {
			if s == state {
				return delivery
			}
		}
	}
	return DeliveryPending
}
