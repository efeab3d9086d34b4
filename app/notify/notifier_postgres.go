package notify

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"statusdash/app/store"
)

// maxPostgresConns bounds the workers' own pool: a LISTEN connection, the
// fetches and completions of both queues.
const maxPostgresConns = 8

// postgresQueue works the jobs through pgx, with LISTEN/NOTIFY, on a pool
// of its own to the store's database, with the store's deadlines.
func (n *Notifier) postgresQueue(ctx context.Context) (queue, func(), error) {
	poolConfig, err := pgxpool.ParseConfig(n.deps.DatabaseURL)
	if err != nil {
		return nil, nil, fmt.Errorf("parse SDB_DATABASE_URL: %w", err)
	}
	poolConfig.MaxConns = maxPostgresConns
	setPostgresDeadlines(poolConfig.ConnConfig, n.deps.Timeouts)
	store.DisableJIT(poolConfig.ConnConfig.RuntimeParams)
	pool, err := pgxpool.NewWithConfig(ctx, poolConfig)
	if err != nil {
		return nil, nil, fmt.Errorf("open worker pool: %w", err)
	}
	client, err := river.NewClient(riverpgxv5.New(pool), n.clientConfig())
	if err != nil {
		pool.Close()
		return nil, nil, fmt.Errorf("river client: %w", err)
	}
	return riverQueue[pgx.Tx]{client: client}, pool.Close, nil
}

// setPostgresDeadlines bounds connecting and, on the server, each statement
// and each idle transaction, as the store's own pools are bounded.
func setPostgresDeadlines(config *pgx.ConnConfig, timeouts store.Timeouts) {
	if config.ConnectTimeout == 0 {
		config.ConnectTimeout = timeouts.Connect
	}
	if timeouts.Write <= 0 {
		return
	}
	for _, name := range []string{"statement_timeout", "idle_in_transaction_session_timeout"} {
		if _, set := config.RuntimeParams[name]; !set {
			config.RuntimeParams[name] = strconv.FormatInt(timeouts.Write.Milliseconds(), 10)
		}
	}
}
