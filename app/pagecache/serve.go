package pagecache

import (
	"context"
	"errors"
	"time"
)

// Serving a cached page takes two steps: Lookup answers from the stored copy
// when it is current (a hit: a map lookup, no allocation), and Produce
// answers the rest: it builds the page once for every request missing it,
// or, when the data cannot be read, hands out the last good copy marked
// stale, or says why there is none. The HTML pages, the feeds, the
// Statuspage files and the stackmon v1 lists all go through both, so they
// cannot drift apart.

// Lookup returns key's stored page for a request that must see data
// version version (a page stored at that version or later has every write
// up to it) and wants a copy built at or after since. fresh says the page
// answers the request. A page with the data but built before since is
// returned as the current copy, not fresh: Produce rebuilds it once while
// the other requests are answered with it. Without either, page is nil.
func (p *Pages) Lookup(key string, version int64, since time.Time) (page *Page, fresh bool) {
	stored, storedVersion, ok := p.Stored(key)
	if !ok || storedVersion < version {
		return nil, false
	}
	return stored, !stored.BuiltAt.Before(since)
}

// Miss is a request Lookup could not answer with a fresh copy.
type Miss struct {
	Key string
	// Version is the data version read for the request; VersionErr is set
	// instead when it could not be read.
	Version    int64
	VersionErr error
	// Current is the copy Lookup returned without fresh, if any.
	Current *Page
	// Unavailable tells the errors that say the data cannot be read right
	// now, rather than that the request is wrong (a 404) or the code is (a
	// bug): those, and only those, are answered with the last good copy.
	Unavailable func(error) bool
}

// Produce answers a miss with produce's page, which it stores at the
// data version. Concurrent misses of one key at one version share one call
// of produce; a caller whose shared build failed because the request that
// ran it was cancelled builds alone. When the data cannot be read (an error
// Unavailable accepts, from produce or from the version lookup, in which
// case produce is not called) it returns key's last good copy with stale
// true, or the error when there is none. When the version could not be
// read for another reason, produce builds for this request alone and
// nothing is stored: no version would tell when the page is out of date.
func (p *Pages) Produce(miss Miss, produce func() (*Page, error)) (page *Page, stale bool, err error) {
	switch {
	case miss.VersionErr == nil:
		var shared bool
		page, shared, err = p.Build(miss.Key, miss.Version, miss.Current, produce)
		if shared && errors.Is(err, context.Canceled) && !miss.Unavailable(err) {
			if page, err = produce(); err == nil {
				p.Put(miss.Key, miss.Version, page)
			}
		}
	case miss.Unavailable(miss.VersionErr):
		err = miss.VersionErr // a build would wait for the same database
	default:
		page, err = produce()
	}
	if err == nil {
		return page, false, nil
	}
	if miss.Unavailable(err) {
		if last, ok := p.LastGood(miss.Key); ok {
			return last, true, nil
		}
	}
	return nil, false, err
}
