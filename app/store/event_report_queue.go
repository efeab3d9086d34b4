package store

import "sync"

// reportQueue gathers the monitoring reports that wait for the event write
// lock, so that one transaction writes every report that arrived while the
// previous one ran.
type reportQueue struct {
	mu sync.Mutex
}
