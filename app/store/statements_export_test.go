package store

import (
	"context"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// StatementLog records the SQL statements a Storage sends, in order: on
// PostgreSQL every one its connections send (a pgx tracer: transactions'
// begin and commit included, the writes GORM does not run too), on SQLite
// every one GORM runs (begin and commit are not among them).
type StatementLog struct {
	logger.Interface
	mu         sync.Mutex
	statements []string
}

// Statements returns the statements recorded so far and forgets them.
func (l *StatementLog) Statements() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	statements := l.statements
	l.statements = nil
	return statements
}

func (l *StatementLog) record(sql string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.statements = append(l.statements, sql)
}

// TraceQueryStart records a statement sent on a PostgreSQL connection.
func (l *StatementLog) TraceQueryStart(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	l.record(data.SQL)
	return ctx
}

// TraceQueryEnd is part of pgx.QueryTracer.
func (l *StatementLog) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// LogMode is part of GORM's logger.
func (l *StatementLog) LogMode(logger.LogLevel) logger.Interface { return l }

// Trace records a statement GORM ran (SQLite).
func (l *StatementLog) Trace(_ context.Context, _ time.Time, fc func() (string, int64), _ error) {
	sql, _ := fc()
	l.record(sql)
}

// OpenLoggingStatementsForTest opens the database at url with every
// statement recorded in the log it returns.
func OpenLoggingStatementsForTest(ctx context.Context, url string) (*Storage, *StatementLog, error) {
	log := &StatementLog{Interface: logger.Discard}
	s, err := open(ctx, url, Timeouts{Connect: DefaultConnectTimeout}, []stdlib.OptionOpenDB{stdlib.OptionBeforeConnect(func(_ context.Context, config *pgx.ConnConfig) error {
		config.Tracer = log
		return nil
	})})
	if err != nil {
		return nil, nil, err
	}
	if s.Dialect() == SQLite {
		s.db = s.db.Session(&gorm.Session{Logger: log})
	}
	return s, log, nil
}
