//go:build race

package web

// raceDetector tells the tests that count allocations that the race
// detector's instrumentation changes the counts.
const raceDetector = true
