package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"statusdash/app/model"
)

// detectRun is one down-and-up cycle of a target as a reader of / saw it.
type detectRun struct {
	database string
	run      int
	// down and up are the times from switching the target to the first
	// GET / that showed the component's cell changed.
	down, up time.Duration
	// resolvedAutomatically: the incident ended with monitoring's
	// "Resolved automatically" update.
	resolvedAutomatically bool
}

// pagePollEvery is how often the harness reads / while it waits.
const pagePollEvery = 100 * time.Millisecond

// watchedComponent is a run's component, by its region, and the target its check watches.
type watchedComponent struct {
	region string
	target *switchableTarget
}

// measureRun switches the target down, reads / until the component's cell
// shows an outage, then switches it up and reads / until the cell is
// operational again. Each switch waits a random part of the interval
// first, so that it falls at a different phase of the check's slots.
func measureRun(ctx context.Context, server *detectServer, watched watchedComponent, interval time.Duration, aims detectAims) (detectRun, error) {
	var run detectRun
	if err := sleepRandomPart(ctx, interval); err != nil {
		return run, err
	}
	watched.target.setDown(true)
	cell, elapsed, err := waitForCell(ctx, server, watched.region, model.HealthOutage.Key(), 3*aims.down)
	if err != nil {
		return run, fmt.Errorf("target switched down: %w", err)
	}
	run.down = elapsed
	if cell.IncidentID == 0 {
		return run, fmt.Errorf("the outage cell of %q links no incident", watched.region)
	}
	// / changes right after a slot's result: switching up at once would
	// always fall just after a slot and measure the longest wait.
	if err := sleepRandomPart(ctx, interval); err != nil {
		return run, err
	}
	watched.target.setDown(false)
	if _, run.up, err = waitForCell(ctx, server, watched.region, model.HealthOperational.Key(), 3*aims.up); err != nil {
		return run, fmt.Errorf("target switched up: %w", err)
	}
	event, err := server.event(ctx, cell.IncidentID)
	if err != nil {
		return run, err
	}
	if n := len(event.Updates); event.EndDate != "" && n > 0 {
		run.resolvedAutomatically = strings.Contains(event.Updates[n-1].Text, "Resolved automatically")
	}
	return run, nil
}

// waitForCell reads / every pagePollEvery until the region's cell shows
// the health key want, and returns the cell and the time since the call,
// taken when the answer that showed it arrived. Not seeing it within limit
// is a failure of the harness or of monitoring, not a missed aim.
func waitForCell(ctx context.Context, server *detectServer, region, want string, limit time.Duration) (overviewCell, time.Duration, error) {
	started := time.Now()
	ticker := time.NewTicker(pagePollEvery)
	defer ticker.Stop()
	for {
		page, err := server.overview(ctx)
		if err != nil {
			return overviewCell{}, 0, err
		}
		cell, err := findCell(page, region)
		if err != nil {
			return overviewCell{}, 0, err
		}
		elapsed := time.Since(started)
		if cell.Health == want {
			return cell, elapsed, nil
		}
		if elapsed > limit {
			return overviewCell{}, 0, fmt.Errorf("/ still shows %q for %q after %s, want %q; %s",
				cell.Health, region, limit, want, server.serveLog())
		}
		select {
		case <-ctx.Done():
			return overviewCell{}, 0, ctx.Err()
		case <-ticker.C:
		}
	}
}

// sleepRandomPart sleeps a random time shorter than interval.
func sleepRandomPart(ctx context.Context, interval time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(rand.N(interval)):
		return nil
	}
}
