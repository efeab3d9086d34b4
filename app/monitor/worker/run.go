package worker

import (
	"context"

	"statusdash/app/monitor/probe"
	"statusdash/app/store"
)

// start runs the claimed slot in a goroutine of its own and sends its result to the writer.
func (w *Worker) start(ctx context.Context, slot store.ClaimedCheck) {
	w.runs.Add(1)
	w.opts.Metrics.leasesHeld.Inc()
	if slot.Skipped > 0 {
		w.opts.Metrics.slotsSkipped.Add(float64(slot.Skipped))
	}
	go func() {
		defer w.runs.Done()
		result, err := w.run(ctx, slot)
		if err != nil {
			// Not run: its lease holds the check's next slot back until it
			// ends, which slows the checks of a host that cannot keep up.
			w.opts.Metrics.leasesHeld.Dec()
			w.opts.Metrics.hostBusy.Inc()
			return
		}
		w.writer.results <- result
	}()
}

// run runs one slot within the host and worker limits: a probe, or a
// heartbeat's evaluation from its last ping. It fails, running nothing,
// when its target host gives it no room within its timeout.
func (w *Worker) run(ctx context.Context, slot store.ClaimedCheck) (store.CheckResult, error) {
	def := slot.Check.Definition
	release, err := w.hosts.acquire(ctx, probe.TargetHost(def), def.WithDefaults().Timeout)
	if err != nil {
		return store.CheckResult{}, err
	}
	defer release()
	// Only runs past their host's limit count against the claims.
	w.active.Add(1)
	defer w.active.Add(-1)
	w.running <- struct{}{}
	defer func() { <-w.running }()
	started := w.opts.Now()
	var result probe.Result
	if def.Kind == probe.KindHeartbeat {
		// Waiting starts again when the check is created or changed (resumed included).
		result = probe.HeartbeatResult(def, slot.LastBeatAt, slot.Check.UpdatedAt, started)
	} else {
		result = w.opts.Prober.Run(ctx, def)
		result.Started = started
	}
	w.opts.Metrics.ran(result.Outcome, started.Sub(slot.SlotAt).Seconds())
	return store.CheckResult{CheckID: slot.Check.ID, Location: w.opts.Location, SlotAt: slot.SlotAt,
		StartedAt: result.Started, Outcome: result.Outcome, Latency: result.Latency, Reason: result.Reason}, nil
}
