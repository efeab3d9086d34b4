// Package probe holds the kinds of monitoring checks: a check's Definition,
// its validation, and Run, which probes a target once and returns a Result
// (up, degraded or down, with a reason). Scheduling, storage, quorum and
// incidents live elsewhere and call into this package; it keeps no state.
package probe
