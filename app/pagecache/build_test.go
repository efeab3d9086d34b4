package pagecache

import (
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// blockedBuild is a produce function that counts its calls and waits for release.
type blockedBuild struct {
	calls   atomic.Int64
	started chan struct{}
	release chan struct{}
	body    string
	err     error
}

func newBlockedBuild(body string) *blockedBuild {
	return &blockedBuild{started: make(chan struct{}, 8), release: make(chan struct{}), body: body}
}

func (b *blockedBuild) produce() (*Page, error) {
	b.calls.Add(1)
	b.started <- struct{}{}
	<-b.release
	if b.err != nil {
		return nil, b.err
	}
	return page(b.body), nil
}

// waitFor polls cond for up to ten seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: still not true after 10s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func waiters(pages *Pages, key string) int {
	pages.builds.mu.Lock()
	defer pages.builds.mu.Unlock()
	if running, ok := pages.builds.running[key]; ok {
		return running.waiters
	}
	return -1
}

type buildResult struct {
	page   *Page
	shared bool
	err    error
}

func TestBuildSharesOneBuildPerVersion(t *testing.T) {
	tests := []struct {
		name    string
		err     error
		callers int
	}{
		{"page", nil, 20},
		{"error", errors.New("database down"), 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pages := New(10)
			build := newBlockedBuild("overview")
			build.err = tt.err
			results := make(chan buildResult, tt.callers)
			call := func() {
				page, shared, err := pages.Build("/", 3, nil, build.produce)
				results <- buildResult{page, shared, err}
			}
			go call()
			<-build.started
			for range tt.callers - 1 {
				go call()
			}
			waitFor(t, "callers joined", func() bool { return waiters(pages, "/") == tt.callers-1 })
			close(build.release)
			var first *Page
			leaders := 0
			for range tt.callers {
				result := <-results
				if !errors.Is(result.err, tt.err) {
					t.Errorf("err = %v, want %v", result.err, tt.err)
				}
				if !result.shared {
					leaders++
				}
				if first == nil {
					first = result.page
				} else if result.page != first {
					t.Errorf("callers got different pages")
				}
			}
			if got := build.calls.Load(); got != 1 {
				t.Errorf("builds = %d for %d callers, want 1", got, tt.callers)
			}
			if leaders != 1 {
				t.Errorf("callers that ran the build = %d, want 1", leaders)
			}
			_, stored := pages.Get("/", 3)
			if stored != (tt.err == nil) {
				t.Errorf("page stored = %v, want %v", stored, tt.err == nil)
			}
			if waiters(pages, "/") != -1 {
				t.Error("build still listed as running")
			}
		})
	}
}

// TestBuildNewerVersionDoesNotJoinOlderBuild: a build that may have read the
// data before a write cannot answer a request that must see it.
func TestBuildNewerVersionDoesNotJoinOlderBuild(t *testing.T) {
	pages := New(10)
	old := newBlockedBuild("old")
	oldResult := make(chan buildResult, 1)
	go func() {
		page, shared, err := pages.Build("/", 1, nil, old.produce)
		oldResult <- buildResult{page, shared, err}
	}()
	<-old.started
	newer := newBlockedBuild("new")
	close(newer.release)
	page, shared, err := pages.Build("/", 2, nil, newer.produce)
	if err != nil || shared || string(page.Body) != "new" {
		t.Errorf("Build at version 2 = %q, shared %v, %v; want its own build of \"new\"", page.Body, shared, err)
	}
	close(old.release)
	if result := <-oldResult; result.err != nil || string(result.page.Body) != "old" {
		t.Errorf("Build at version 1 = %+v, want \"old\"", result)
	}
	got, ok := pages.Get("/", 2)
	if !ok || string(got.Body) != "new" {
		t.Errorf("stored page = %v, want \"new\" kept over the slower older build", got)
	}
}

// TestBuildServesStaleWhileABuildRuns: with a copy current for the version,
// a caller does not wait for the running build; without one it waits.
func TestBuildServesStaleWhileABuildRuns(t *testing.T) {
	pages := New(10)
	pages.Put("/", 5, page("previous"))
	stale, version, ok := pages.Stored("/")
	if !ok || version != 5 {
		t.Fatalf("Stored = %v, %d, want version 5", ok, version)
	}
	build := newBlockedBuild("rebuilt")
	leader := make(chan buildResult, 1)
	go func() {
		page, shared, err := pages.Build("/", 5, stale, build.produce)
		leader <- buildResult{page, shared, err}
	}()
	<-build.started
	page, shared, err := pages.Build("/", 5, stale, build.produce)
	if err != nil || !shared || page != stale {
		t.Errorf("Build during a rebuild = %q, shared %v, %v; want the stale copy at once", page.Body, shared, err)
	}
	close(build.release)
	if result := <-leader; result.err != nil || string(result.page.Body) != "rebuilt" {
		t.Errorf("rebuilding caller got %+v, want \"rebuilt\"", result)
	}
	if got, _, _ := pages.Stored("/"); string(got.Body) != "rebuilt" {
		t.Errorf("stored page = %q, want \"rebuilt\"", got.Body)
	}
	if build.calls.Load() != 1 {
		t.Errorf("builds = %d, want 1", build.calls.Load())
	}
}

func TestBuildPanicReleasesWaiters(t *testing.T) {
	pages := New(10)
	started, release := make(chan struct{}), make(chan struct{})
	go func() {
		defer func() { _ = recover() }()
		_, _, _ = pages.Build("/", 1, nil, func() (*Page, error) {
			close(started)
			<-release
			panic("template broke")
		})
	}()
	<-started
	result := make(chan error, 1)
	go func() {
		_, _, err := pages.Build("/", 1, nil, func() (*Page, error) { return page("unused"), nil })
		result <- err
	}()
	waitFor(t, "caller joined", func() bool { return waiters(pages, "/") == 1 })
	close(release)
	if err := <-result; !errors.Is(err, errBuildFailed) {
		t.Errorf("waiter err = %v, want %v", err, errBuildFailed)
	}
}
