package pagecache

import (
	"container/list"
	"sync"
)

// Pages holds at most maxEntries pages, one per key: the newest stored.
// The oldest-stored keys are evicted first. Safe for concurrent use.
type Pages struct {
	maxEntries int
	gzip       gzipper
	builds     builds

	mu      sync.RWMutex
	entries map[string]*list.Element // values are *entry
	order   *list.List               // front: stored longest ago
}

type entry struct {
	key     string
	version int64
	page    *Page
}

// New returns an empty cache holding at most maxEntries pages (at least one).
func New(maxEntries int) *Pages {
	return &Pages{
		maxEntries: max(maxEntries, 1),
		entries:    make(map[string]*list.Element),
		order:      list.New(),
	}
}

// Get returns the page for key built at version or later; a newer page
// already includes every write up to version. It does not allocate.
func (p *Pages) Get(key string, version int64) (*Page, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	element, ok := p.entries[key]
	if !ok {
		return nil, false
	}
	stored := element.Value.(*entry)
	if stored.version < version {
		return nil, false
	}
	return stored.page, true
}

// LastGood returns the newest page stored for key, whatever its version, to
// serve with an "as of" note while the data cannot be read.
func (p *Pages) LastGood(key string) (*Page, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	element, ok := p.entries[key]
	if !ok {
		return nil, false
	}
	return element.Value.(*entry).page, true
}

// Put stores page as key's page at version, compressing it and computing its
// ETag first if they are missing. The page must not be changed afterwards.
// A page built at an older version than the stored one is ignored, so a slow
// request cannot replace a newer page.
func (p *Pages) Put(key string, version int64, page *Page) {
	if page == nil {
		return
	}
	page.complete(p.gzip.compress) // outside the lock: compression is the slow part

	p.mu.Lock()
	defer p.mu.Unlock()
	if element, ok := p.entries[key]; ok {
		stored := element.Value.(*entry)
		if stored.version > version {
			return
		}
		stored.version, stored.page = version, page
		p.order.MoveToBack(element)
		return
	}
	p.entries[key] = p.order.PushBack(&entry{key: key, version: version, page: page})
	for p.order.Len() > p.maxEntries {
		oldest := p.order.Front()
		p.order.Remove(oldest)
		delete(p.entries, oldest.Value.(*entry).key)
	}
}

// Len returns the number of pages held.
func (p *Pages) Len() int {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return len(p.entries)
}
