package pagecache

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

var built = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

func TestLookup(t *testing.T) {
	tests := []struct {
		name            string
		version         int64
		since           time.Time
		wantPage, fresh bool
	}{
		{"same version, built since", 5, built, true, true},
		{"newer copy, built since", 4, built.Add(-time.Minute), true, true},
		{"built before since: current, to rebuild", 5, built.Add(time.Second), true, false},
		{"older version", 6, built, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pages := New(10)
			stored := &Page{Body: []byte("home"), BuiltAt: built}
			pages.Put("/", 5, stored)
			page, fresh := pages.Lookup("/", tt.version, tt.since)
			if (page != nil) != tt.wantPage || fresh != tt.fresh {
				t.Errorf("Lookup = %v, fresh %v; want a page %v, fresh %v", page != nil, fresh, tt.wantPage, tt.fresh)
			}
			if page != nil && page != stored {
				t.Errorf("Lookup returned another page than the stored one")
			}
			if page, _ := pages.Lookup("/other", tt.version, tt.since); page != nil {
				t.Errorf("Lookup of an unknown key found a page")
			}
		})
	}
}

func TestLookupDoesNotAllocate(t *testing.T) {
	pages := New(10)
	pages.Put("/", 1, &Page{Body: []byte("home"), BuiltAt: built})
	if allocs := testing.AllocsPerRun(100, func() { pages.Lookup("/", 1, built) }); allocs != 0 {
		t.Errorf("Lookup allocates %.0f times per call, want 0", allocs)
	}
}

// errDown stands for the store's "database unavailable".
var errDown = errors.New("database unavailable")

func isDown(err error) bool { return errors.Is(err, errDown) }

func TestProduce(t *testing.T) {
	lastGood := &Page{Body: []byte("last good"), BuiltAt: built}
	bug := errors.New("template broke")
	notFound := errors.New("404: no such region")
	tests := []struct {
		name       string
		stored     bool // a last good copy exists, at version 1
		versionErr error
		buildErr   error
		wantBody   string
		wantStale  bool
		wantErr    error
		wantBuilds int64
		wantStored string // the copy stored afterwards at version 2 or later, "" for none
	}{
		{"built and stored", true, nil, nil, "fresh", false, nil, 1, "fresh"},
		{"data unreadable: last good", true, nil, errDown, "last good", true, nil, 1, ""},
		{"data unreadable, no copy: the error", false, nil, errDown, "", false, errDown, 1, ""},
		{"a bug is no outage: the error", true, nil, bug, "", false, bug, 1, ""},
		{"the reader's mistake: the error", true, nil, notFound, "", false, notFound, 1, ""},
		{"version unreadable: last good, no build", true, errDown, nil, "last good", true, nil, 0, ""},
		{"version unreadable, no copy: the error, no build", false, errDown, nil, "", false, errDown, 0, ""},
		{"version unknown otherwise: built, not stored", true, errors.New("lookup did not finish"), nil, "fresh", false, nil, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pages := New(10)
			if tt.stored {
				pages.Put("/", 1, lastGood)
			}
			var builds int64
			produce := func() (*Page, error) {
				builds++
				if tt.buildErr != nil {
					return nil, fmt.Errorf("build: %w", tt.buildErr)
				}
				return &Page{Body: []byte("fresh"), BuiltAt: built}, nil
			}
			page, stale, err := pages.Produce(Miss{Key: "/", Version: 2, VersionErr: tt.versionErr, Unavailable: isDown}, produce)
			if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err == nil && (string(page.Body) != tt.wantBody || stale != tt.wantStale) {
				t.Errorf("page %q, stale %v; want %q, stale %v", page.Body, stale, tt.wantBody, tt.wantStale)
			}
			if builds != tt.wantBuilds {
				t.Errorf("builds = %d, want %d", builds, tt.wantBuilds)
			}
			got, _ := pages.Get("/", 2)
			if (got == nil && tt.wantStored != "") || (got != nil && string(got.Body) != tt.wantStored) {
				t.Errorf("stored at version 2: %v, want %q", got, tt.wantStored)
			}
		})
	}
}

// TestProduceAfterACancelledLeader: a request that joined a build whose own
// request was cancelled builds the page itself rather than failing.
func TestProduceAfterACancelledLeader(t *testing.T) {
	pages := New(10)
	leader := newBlockedBuild("unused")
	leader.err = fmt.Errorf("read overview: %w", context.Canceled)
	miss := Miss{Key: "/", Version: 3, Unavailable: isDown}
	leaderDone := make(chan error, 1)
	go func() {
		_, _, err := pages.Produce(miss, leader.produce)
		leaderDone <- err
	}()
	<-leader.started
	type answer struct {
		page  *Page
		stale bool
		err   error
	}
	waiterDone := make(chan answer, 1)
	go func() {
		page, stale, err := pages.Produce(miss, func() (*Page, error) { return page("rebuilt"), nil })
		waiterDone <- answer{page, stale, err}
	}()
	waitFor(t, "the second request joined the build", func() bool { return waiters(pages, "/") == 1 })
	close(leader.release)
	if err := <-leaderDone; !errors.Is(err, context.Canceled) {
		t.Errorf("leader err = %v, want its cancellation", err)
	}
	result := <-waiterDone
	if result.err != nil || string(result.page.Body) != "rebuilt" || result.stale {
		t.Errorf("waiter got %+v, want its own fresh build", result)
	}
	if got, ok := pages.Get("/", 3); !ok || string(got.Body) != "rebuilt" {
		t.Errorf("stored page = %v, want the waiter's build", got)
	}
}
