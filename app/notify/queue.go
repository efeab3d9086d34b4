package notify

import (
	"context"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// queue is what the notifications ask of the River client that works the
// jobs, whatever its driver's transaction type (pgx.Tx or *sql.Tx).
type queue interface {
	start(ctx context.Context) error
	stop(ctx context.Context) error
	insertMany(ctx context.Context, params []river.InsertManyParams) error
	list(ctx context.Context, params *river.JobListParams) (*river.JobListResult, error)
	get(ctx context.Context, id int64) (*rivertype.JobRow, error)
	retry(ctx context.Context, id int64) (*rivertype.JobRow, error)
}

// riverQueue is a queue on a River client of any driver.
type riverQueue[TTx any] struct{ client *river.Client[TTx] }

func (q riverQueue[TTx]) start(ctx context.Context) error { return q.client.Start(ctx) }
func (q riverQueue[TTx]) stop(ctx context.Context) error  { return q.client.Stop(ctx) }

func (q riverQueue[TTx]) insertMany(ctx context.Context, params []river.InsertManyParams) error {
	_, err := q.client.InsertMany(ctx, params)
	return err
}

func (q riverQueue[TTx]) list(ctx context.Context, params *river.JobListParams) (*river.JobListResult, error) {
	return q.client.JobList(ctx, params)
}

func (q riverQueue[TTx]) get(ctx context.Context, id int64) (*rivertype.JobRow, error) {
	return q.client.JobGet(ctx, id)
}

func (q riverQueue[TTx]) retry(ctx context.Context, id int64) (*rivertype.JobRow, error) {
	return q.client.JobRetry(ctx, id)
}
