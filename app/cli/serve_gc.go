package cli

import "runtime/debug"

// serveGCPercent is the garbage collector's target for serve unless GOGC is
// set. The server keeps about 4 MB live while every request allocates a few
// KB in net/http, so Go's default of 100 (a collection whenever the heap
// doubles) collects hundreds of times a second under load. Measured on the
// cached overview at 64 connections (alternating runs), 400 took the
// server's CPU per request from 77 to 64 µs, for a heap target of about
// 20 MB instead of 8.
const serveGCPercent = 400

// serveMemoryLimit is serve's soft memory limit unless GOMEMLIMIT is set:
// with serveGCPercent the heap may grow to five times what is live, and a
// build of a large document (the v1 lists of 100,000 events hold some 40 MB
// live while they stream) took the server to 229 MB. Near the limit the
// collector runs as often as it must, so the heap stays about here unless
// more than this is live.
const serveMemoryLimit = 128 << 20

// tuneGC sets serveGCPercent and serveMemoryLimit, unless the operator set
// GOGC or GOMEMLIMIT.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serveMemoryLimit)
	}
}
