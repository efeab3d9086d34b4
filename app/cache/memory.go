package cache

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"
)

// sweepInterval is how often a write also drops every expired entry, so
// keys that are never read again do not pile up. No goroutine is needed.
const sweepInterval = time.Minute

var errClosed = errors.New("cache: memory cache is closed")

var _ Cache = (*Memory)(nil)

// Memory is the in-process Cache of the embedded default: one process, no
// persistence. Expired entries are dropped when read and by a sweep that
// piggybacks on writes.
type Memory struct {
	mu        sync.Mutex
	entries   map[string]memoryEntry
	nextSweep time.Time
	closed    bool
}

type memoryEntry struct {
	value   []byte
	expires time.Time // zero: never
}

func (e memoryEntry) expired(now time.Time) bool {
	return !e.expires.IsZero() && !now.Before(e.expires)
}

// NewMemory returns an empty in-process cache.
func NewMemory() *Memory {
	return &Memory{entries: make(map[string]memoryEntry), nextSweep: time.Now().Add(sweepInterval)}
}

// Get returns a copy of the value under key, or ErrMiss.
func (m *Memory) Get(_ context.Context, key string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return nil, errClosed
	}
	entry, ok := m.entries[key]
	if !ok {
		return nil, ErrMiss
	}
	if entry.expired(time.Now()) {
		delete(m.entries, key)
		return nil, ErrMiss
	}
	return append([]byte(nil), entry.value...), nil
}

// Set stores a copy of value under key; a ttl of 0 keeps it until deleted.
func (m *Memory) Set(_ context.Context, key string, value []byte, ttl time.Duration) error {
	if ttl < 0 {
		return fmt.Errorf("cache: set %q: negative ttl %s", key, ttl)
	}
	now := time.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return errClosed
	}
	m.sweep(now)
	m.entries[key] = memoryEntry{value: append([]byte(nil), value...), expires: expiry(now, ttl)}
	return nil
}

// Delete removes key; deleting a missing key is not an error.
func (m *Memory) Delete(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return errClosed
	}
	delete(m.entries, key)
	return nil
}

// Incr adds one to the decimal integer under key, like Redis INCR, and sets
// the ttl only when the key is new.
func (m *Memory) Incr(_ context.Context, key string, ttl time.Duration) (int64, error) {
	if ttl < 0 {
		return 0, fmt.Errorf("cache: incr %q: negative ttl %s", key, ttl)
	}
	now := time.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return 0, errClosed
	}
	m.sweep(now)
	entry, ok := m.entries[key]
	if !ok || entry.expired(now) {
		entry = memoryEntry{expires: expiry(now, ttl)}
	}
	var current int64
	if len(entry.value) > 0 {
		var err error
		if current, err = strconv.ParseInt(string(entry.value), 10, 64); err != nil {
			return 0, fmt.Errorf("cache: incr %q: value is not an integer", key)
		}
	}
	current++
	entry.value = strconv.AppendInt(nil, current, 10)
	m.entries[key] = entry
	return current, nil
}

// Ping answers unless the cache is closed.
func (m *Memory) Ping(context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return errClosed
	}
	return nil
}

// Close drops every entry; later calls return an error.
func (m *Memory) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	m.entries = nil
	return nil
}

// sweep drops expired entries at most once per sweepInterval; m.mu is held.
func (m *Memory) sweep(now time.Time) {
	if now.Before(m.nextSweep) {
		return
	}
	m.nextSweep = now.Add(sweepInterval)
	for key, entry := range m.entries {
		if entry.expired(now) {
			delete(m.entries, key)
		}
	}
}

func expiry(now time.Time, ttl time.Duration) time.Time {
	if ttl == 0 {
		return time.Time{}
	}
	return now.Add(ttl)
}
