package store

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// TestStreamAheadReadsTheNextChunkDuringYield: while yield works on chunk
// k, chunk k+1 is read, and chunk k+2 is not: two chunks are held at most.
func TestStreamAheadReadsTheNextChunkDuringYield(t *testing.T) {
	t.Parallel()
	const chunks = 4
	var reads atomic.Int64
	readStarted := make(chan int64, chunks)
	read := func(context.Context) (int64, bool, error) {
		k := reads.Add(1)
		readStarted <- k
		return k, k < chunks, nil
	}
	var got []int64
	err := streamAhead(context.Background(), read, func(k int64) error {
		got = append(got, k)
		if k == chunks {
			return nil
		}
		for next := int64(0); next != k+1; { // the next chunk's read starts while this one is being written
			select {
			case next = <-readStarted:
			case <-time.After(10 * time.Second):
				t.Fatalf("chunk %d: the next chunk was not read while yield held this one", k)
			}
		}
		if held := reads.Load(); held > k+1 {
			t.Errorf("chunk %d: %d chunks read, want at most %d", k, held, k+1)
		}
		return nil
	})
	if err != nil || len(got) != chunks || got[0] != 1 || got[chunks-1] != chunks {
		t.Errorf("streamAhead = %v, yielded %v; want nil, 1..%d", err, got, chunks)
	}
}

// TestStreamAheadStopsAtTheFirstError: a read or yield error ends the
// stream with that error, and no read runs after streamAhead returns.
func TestStreamAheadStopsAtTheFirstError(t *testing.T) {
	t.Parallel()
	failed := errors.New("failed")
	tests := map[string]struct {
		readFails, yieldFails int64 // the chunk whose read or yield fails
		wantYields            int64
	}{
		"read":  {readFails: 2, wantYields: 1},
		"yield": {yieldFails: 2, wantYields: 2},
	}
	for name, tt := range tests {
		var reads, yields, running atomic.Int64
		read := func(ctx context.Context) (int64, bool, error) {
			running.Add(1)
			defer running.Add(-1)
			k := reads.Add(1)
			if k == tt.readFails {
				return 0, false, failed
			}
			return k, true, nil
		}
		err := streamAhead(context.Background(), read, func(k int64) error {
			yields.Add(1)
			if k == tt.yieldFails {
				return failed
			}
			return nil
		})
		if err != failed || yields.Load() != tt.wantYields {
			t.Errorf("%s: streamAhead = %v after %d yields, want %v after %d", name, err, yields.Load(), failed, tt.wantYields)
		}
		if running.Load() != 0 {
			t.Errorf("%s: a read still runs after streamAhead returned", name)
		}
	}
}
