package store

import (
	"context"
	"sync"
)

// streamAhead calls yield with the chunks read returns, in order, reading
// each chunk while yield writes out the one before it, so that the
// database and the encoder work at the same time: at most two chunks are
// held at once. read returns a chunk and whether another may follow it;
// it runs in a goroutine of its own, one call at a time, under a context
// that ends when streamAhead returns (after a yield error, say), which waits
// for it.
func streamAhead[C any](ctx context.Context, read func(ctx context.Context) (chunk C, more bool, err error), yield func(C) error) error {
	type result struct {
		chunk C
		more  bool
		err   error
	}
	ctx, cancel := context.WithCancel(ctx)
	results := make(chan result) // unbuffered: the reader holds one chunk while yield holds the other
	var reader sync.WaitGroup
	defer reader.Wait()
	defer cancel()
	reader.Go(func() {
		for {
			chunk, more, err := read(ctx)
			select {
			case results <- result{chunk, more, err}:
			case <-ctx.Done():
				return
			}
			if err != nil || !more {
				return
			}
		}
	})
	for {
		r := <-results
		if r.err != nil {
			return r.err
		}
		if err := yield(r.chunk); err != nil {
			return err
		}
		if !r.more {
			return nil
		}
	}
}
