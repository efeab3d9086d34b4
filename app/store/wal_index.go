package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
)

// The WAL-index header: the first bytes of a SQLite database's -shm file, two
// copies of a 48-byte header (https://www.sqlite.org/walformat.html). Every
// commit, by any connection of any process, increments the header's change
// counter and rewrites both copies before the commit returns.
const (
	walIndexHeaderSize = 48
	walIndexIsInit     = 12 // offset of the byte that is 1 once the index is built
)

// walIndexHeader is both copies of the header, as read at one moment.
type walIndexHeader [2 * walIndexHeaderSize]byte

// walIndexVersion reads SQLite's data version without a query while nothing
// has been committed: an unchanged WAL-index header means no transaction
// committed since the version was read after it, so that version is still
// current, whichever process writes. Reading the header is one pread of 96
// bytes; a cached page's hit costs that instead of a query, and still sees
// every write acknowledged before the request.
//
// The -shm file is opened a second time here, read-only, once SQLite has it
// open. POSIX drops a process's locks on a file when any descriptor of it
// closes, so shm is closed only after every SQLite connection of this
// storage (see Close).
type walIndexVersion struct {
	path string // of the -shm file
	shm  atomic.Pointer[os.File]
	// conn is held for the storage's life: a connection that has read keeps
	// the WAL index open, so SQLite never deletes or rebuilds the -shm file
	// under shm. It also runs the version queries, one at a time under mu,
	// so a lookup never waits behind a write on the storage's pool.
	conn *sql.Conn
	mu   sync.Mutex
	last atomic.Pointer[walIndexSnapshot]
	// queries counts the version queries, for tests.
	queries atomic.Int64
}

// walIndexSnapshot is a data version and the header read just before it.
type walIndexSnapshot struct {
	header  walIndexHeader
	version int64
}

// openWALIndexVersion pins a connection of db, a SQLite pool. It returns
// nil when the database is not a file in WAL mode: the storage then
// queries. A new, empty database gets its -shm file with its first write.
func openWALIndexVersion(ctx context.Context, db *sql.DB) (*walIndexVersion, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: pin the data version connection: %w", err)
	}
	var mode, path string
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		_ = conn.Close()
		return nil, fmt.Errorf("store: read the journal mode: %w", err)
	}
	// SQLite's own name of the file: absolute, whatever form the URL had.
	if err := conn.QueryRowContext(ctx, "SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&path); err != nil {
		_ = conn.Close()
		return nil, fmt.Errorf("store: read the database file name: %w", err)
	}
	if mode != "wal" || path == "" {
		_ = conn.Close()
		return nil, nil
	}
	return &walIndexVersion{path: path + "-shm", conn: conn}, nil
}

// DataVersion returns the last version read while the header has not
// changed since; else it reads the version again, within the read timeout.
func (w *walIndexVersion) DataVersion(ctx context.Context, timeouts Timeouts) (int64, error) {
	if version, ok := w.unchanged(); ok {
		return version, nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	// Read the header again: a caller that held mu may have read the version
	// after this one arrived, and the header read now precedes the query.
	header, ok := w.readHeader()
	if last := w.last.Load(); ok && last != nil && last.header == header {
		return last.version, nil
	}
	w.queries.Add(1)
	ctx, cancel := timeouts.withRead(ctx)
	defer cancel()
	var version int64
	if err := w.conn.QueryRowContext(ctx, selectDataVersion).Scan(&version); err != nil {
		return 0, fmt.Errorf("store: read data version: %w", markUnavailable(err))
	}
	if ok {
		w.last.Store(&walIndexSnapshot{header: header, version: version})
	} else if w.shm.Load() == nil {
		// conn has just read, so SQLite holds the -shm file open, if any.
		if shm, err := os.Open(w.path); err == nil {
			w.shm.Store(shm)
		}
	}
	return version, nil
}

// unchanged returns the last version if the header still reads the same.
func (w *walIndexVersion) unchanged() (int64, bool) {
	header, ok := w.readHeader()
	last := w.last.Load()
	if !ok || last == nil || last.header != header {
		return 0, false
	}
	return last.version, true
}

// readHeader reads both header copies; ok is false unless the read is
// whole, the index is built and the copies agree (a writer rewrites them
// one after the other, so copies that differ are a commit in progress).
func (w *walIndexVersion) readHeader() (header walIndexHeader, ok bool) {
	shm := w.shm.Load()
	if shm == nil {
		return header, false
	}
	n, err := shm.ReadAt(header[:], 0)
	if err != nil || n != len(header) {
		return header, false
	}
	return header, validWALIndexHeader(header)
}

func validWALIndexHeader(header walIndexHeader) bool {
	first, second := header[:walIndexHeaderSize], header[walIndexHeaderSize:]
	return first[walIndexIsInit] == 1 && bytes.Equal(first, second)
}

// release returns the pinned connection to its pool, which must be closed
// before close.
func (w *walIndexVersion) release() error {
	if err := w.conn.Close(); err != nil {
		return fmt.Errorf("store: release the data version connection: %w", err)
	}
	return nil
}

// close closes the -shm file; call it after the pool holding conn is closed.
func (w *walIndexVersion) close() error {
	shm := w.shm.Load()
	if shm == nil {
		return nil
	}
	if err := shm.Close(); err != nil {
		return fmt.Errorf("store: close the WAL index: %w", err)
	}
	return nil
}
