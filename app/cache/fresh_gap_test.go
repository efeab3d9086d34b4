package cache

import (
	"context"
	"testing"
	"time"
)

// TestFreshSequentialCallersSeeEveryWrite: one caller at a time, with the
// default gap, each call sees the write acknowledged just before it.
func TestFreshSequentialCallersSeeEveryWrite(t *testing.T) {
	source := &countingSource{}
	fresh := NewFresh(source)
	for range 20 {
		want := source.Bump()
		got, err := fresh.DataVersion(context.Background())
		if err != nil || got != want {
			t.Fatalf("DataVersion = %d, %v, want %d", got, err, want)
		}
	}
}

// TestFreshCallerWithinTheGapWaitsForANewLookup: right after a lookup, a
// caller does not run one at once but waits for one that starts after it
// called, and callers arriving meanwhile share it.
func TestFreshCallerWithinTheGapWaitsForANewLookup(t *testing.T) {
	source := &countingSource{}
	fresh := NewFresh(source)
	fresh.gap = time.Hour // the test starts the held-back lookup itself
	if _, err := fresh.DataVersion(context.Background()); err != nil {
		t.Fatalf("first DataVersion: %v", err)
	}
	fresh.mu.Lock()
	fresh.contended = true // as if the first lookup had been shared under load
	fresh.mu.Unlock()
	results := make(chan int64, 2)
	call := func() {
		version, _ := fresh.DataVersion(context.Background())
		results <- version
	}
	source.Bump()
	go call()
	go call()
	eventually(t, "callers wait for the held-back lookup", func() bool {
		fresh.mu.Lock()
		defer fresh.mu.Unlock()
		return fresh.running == nil && fresh.queued != nil && fresh.queued.waiters == 2
	})
	fresh.startQueued(context.Background())
	for range 2 {
		if got := <-results; got != 1 {
			t.Errorf("version = %d, want 1", got)
		}
	}
	if got := source.lookups.Load(); got != 2 {
		t.Errorf("lookups = %d for 3 callers, want 2", got)
	}
}

// TestFreshLateCallerJoinsTheWaitingLookup: a caller arriving after a lookup
// ended but before the queued one starts (held back by the gap) shares it,
// and sees a write acknowledged before it called.
func TestFreshLateCallerJoinsTheWaitingLookup(t *testing.T) {
	source := &countingSource{started: make(chan struct{}, 4), release: make(chan struct{})}
	fresh := NewFresh(source)
	fresh.gap = time.Hour // the queued lookup waits until the test starts it

	first := make(chan int64, 1)
	go func() {
		version, _ := fresh.DataVersion(context.Background())
		first <- version
	}()
	<-source.started
	results := make(chan int64, 2)
	call := func() {
		version, _ := fresh.DataVersion(context.Background())
		results <- version
	}
	go call()
	eventually(t, "second caller queued", func() bool {
		fresh.mu.Lock()
		defer fresh.mu.Unlock()
		return fresh.queued != nil && fresh.queued.waiters == 1
	})
	close(source.release)
	if got := <-first; got != 0 {
		t.Errorf("first caller version = %d, want 0", got)
	}
	source.Bump() // acknowledged before the late caller calls
	go call()
	eventually(t, "late caller joined the queued lookup", func() bool {
		fresh.mu.Lock()
		defer fresh.mu.Unlock()
		return fresh.running == nil && fresh.queued != nil && fresh.queued.waiters == 2
	})
	fresh.startQueued(context.Background())
	for range 2 {
		if got := <-results; got != 1 {
			t.Errorf("queued caller version = %d, want 1", got)
		}
	}
	if got := source.lookups.Load(); got != 2 {
		t.Errorf("lookups = %d for 3 callers, want 2", got)
	}
}

// A lone caller right after an unshared lookup runs its own lookup at once:
// the gap is for load, not for a quiet site.
func TestFreshLoneCallerDoesNotWaitForTheGap(t *testing.T) {
	source := &countingSource{}
	fresh := NewFresh(source)
	fresh.gap = time.Hour // would block the test if a lone caller waited for it
	for range 3 {
		want := source.Bump()
		if got, err := fresh.DataVersion(context.Background()); err != nil || got != want {
			t.Fatalf("DataVersion = %d, %v, want %d", got, err, want)
		}
	}
}
