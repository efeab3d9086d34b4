package notify

import (
	"database/sql"
	"fmt"
	"strconv"

	// The pure-Go SQLite driver the store uses too (through GORM's glebarez).
	_ "github.com/glebarez/go-sqlite"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riversqlite"

	"statusdash/app/store"
)

// sqliteBusyTimeout is how long a worker's statement waits for the file's
// write lock that another connection (a request's write) holds.
const sqliteBusyTimeout = 5000

// sqliteQueue works the jobs on a connection of its own to the store's
// file. River's SQLite driver asks for one connection: SQLite runs one
// writer at a time, and River's fetches, completions, leader election and
// maintenance all write. Against the store's connections the busy timeout
// waits, and transactions begin with the write lock (_txlock=immediate),
// so none fails on a lock upgrade.
func (n *Notifier) sqliteQueue() (queue, func(), error) {
	_, path, err := store.ParseDatabaseURL(n.deps.DatabaseURL)
	if err != nil {
		return nil, nil, err
	}
	busy := int64(sqliteBusyTimeout)
	if n.deps.Timeouts.Write > 0 {
		busy = n.deps.Timeouts.Write.Milliseconds()
	}
	dsn := path + "?_pragma=busy_timeout(" + strconv.FormatInt(busy, 10) +
		")&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, nil, fmt.Errorf("open worker connection: %w", err)
	}
	db.SetMaxOpenConns(1)
	client, err := river.NewClient(riversqlite.New(db), n.clientConfig())
	if err != nil {
		_ = db.Close()
		return nil, nil, fmt.Errorf("river client: %w", err)
	}
	return riverQueue[*sql.Tx]{client: client}, func() { _ = db.Close() }, nil
}
