package pagecache

import (
	"errors"
	"sync"
)

// errBuildFailed is what callers sharing a build get if it panicked.
var errBuildFailed = errors.New("pagecache: page build did not finish")

// builds tracks the build running for each key, so concurrent misses of the
// same page build it once.
type builds struct {
	mu      sync.Mutex
	running map[string]*build
}

// build is one running build of a page at a data version.
type build struct {
	version int64
	done    chan struct{} // closed when page and err are set
	page    *Page
	err     error
	waiters int // callers sharing it besides the one running it; for tests
}

// Build returns key's page for data version: it joins a build of key
// already running at version or later, else runs produce, stores its page
// at version and hands it to every caller that joined. shared reports that
// another caller ran the build (its error may be that caller's, such as its
// cancelled request, so a caller may retry alone).
//
// stale, when not nil, is a copy the caller may serve for version (built at
// version or later, only older than the caller likes): if a build of key is
// already running, Build returns stale at once instead of waiting for it.
func (p *Pages) Build(key string, version int64, stale *Page, produce func() (*Page, error)) (page *Page, shared bool, err error) {
	p.builds.mu.Lock()
	if running, ok := p.builds.running[key]; ok {
		if stale != nil {
			p.builds.mu.Unlock()
			return stale, true, nil
		}
		if running.version >= version {
			running.waiters++
			p.builds.mu.Unlock()
			<-running.done
			return running.page, true, running.err
		}
	}
	current := &build{version: version, done: make(chan struct{})}
	if p.builds.running == nil {
		p.builds.running = make(map[string]*build)
	}
	// A build at an older version keeps running for its own callers; later
	// callers join this one.
	p.builds.running[key] = current
	p.builds.mu.Unlock()

	defer p.finishBuild(key, current)
	current.err = errBuildFailed // stays if produce panics
	current.page, current.err = produce()
	if current.err == nil {
		p.Put(key, version, current.page)
	}
	return current.page, false, current.err
}

// finishBuild releases the build's callers and forgets it.
func (p *Pages) finishBuild(key string, current *build) {
	p.builds.mu.Lock()
	if p.builds.running[key] == current {
		delete(p.builds.running, key)
	}
	p.builds.mu.Unlock()
	close(current.done)
}

// Stored returns key's newest page and the data version it was stored at.
func (p *Pages) Stored(key string) (*Page, int64, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	element, ok := p.entries[key]
	if !ok {
		return nil, 0, false
	}
	stored := element.Value.(*entry)
	return stored.page, stored.version, true
}
