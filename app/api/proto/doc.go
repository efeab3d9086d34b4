// Package proto holds the typed API's schema: statusdash.v1 (statusdash's own
// services) and statusthing.v1 (StatusThing's, kept as published). buf
// (app/api/buf.yaml, buf.gen.yaml) generates the Go code under app/api/gen;
// `make generate` runs it and this package's test fails when the committed
// code is stale.
package proto
