// Package worker runs monitoring checks: a Worker claims the due slots of
// its location from the store's schedule (with leases, so that any number
// of workers share the work and each slot runs once), probes them under a
// per-worker and a per-host concurrency limit, evaluates heartbeats from
// their last ping, and writes the results in batches, handing each batch
// to a Decider. It keeps no state another worker needs: a worker that dies
// loses its leases when they end, and the others take its checks over.
package worker
