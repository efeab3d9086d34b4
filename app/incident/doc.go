// Package incident holds the pure rules of statusdash's event writes: the
// stackmon system-report rules (which incident a monitoring report lands in)
// and the validation of operator and API changes. It knows nothing of SQL or
// HTTP; the store reads a snapshot, asks these functions, and applies the answer.
package incident
