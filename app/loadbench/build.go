package main

import (
	"context"
	"fmt"
	"time"

	"statusdash/app/store"
)

// measureBuilds times n uncached overview builds in this process, on the
// benchmark's database, with nothing cached between builds.
func measureBuilds(ctx context.Context, dbURL string, n int) ([]time.Duration, string, error) {
	s, err := store.Open(ctx, dbURL)
	if err != nil {
		return nil, "", err
	}
	defer s.Close()
	durations := make([]time.Duration, 0, n)
	for range n {
		started := time.Now()
		if _, err := s.ReadOverview(ctx, time.Now()); err != nil {
			return nil, "", fmt.Errorf("read overview: %w", err)
		}
		durations = append(durations, time.Since(started))
	}
	return durations, "store.ReadOverview only (the web package is not there yet: no rendering)", nil
}
