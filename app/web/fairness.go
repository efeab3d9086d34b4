package web

import (
	"net/http"
	"runtime"
)

// yieldAfterEachRequest lets other goroutines run once a request has been
// handled. Under load a connection whose next request has already arrived
// is otherwise served on without a pause, for up to the runtime's 10 ms
// preemption slice, while the requests of other connections wait: with wrk
// -c64 on two cores that made the cached overview's 99th percentile 16-18 ms,
// against 7-8 ms with the yield, for about 6% fewer requests per second.
func yieldAfterEachRequest(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		runtime.Gosched()
	})
}
