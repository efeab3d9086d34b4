// Package decide turns check results into decisions: it gathers each
// check's results into rounds (one slot, every location), judges a round by
// its quorum, counts consecutive failed and good rounds and state changes
// (flapping), and reports or recovers the check's component through the
// store's incident rules (store.Storage.ReportComponent), the one place
// that decides whatever the source. The rules are pure functions (round.go,
// quorum.go, state.go); Decider (decider.go) reads and writes through the store.
package decide
