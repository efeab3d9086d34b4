package web

import "net/http"

// streamStack is the stack reserved for an HTTP/2 request's handler. With
// it the goroutine's stack grows once, from 8 to 16 KiB; a bigger reserve
// would grow it to 32 KiB, which the runtime allocates more slowly.
const streamStack = 12 << 10

// growStreamStack grows the stack of an HTTP/2 request's goroutine before
// the handler runs. net/http serves every HTTP/2 request on a new goroutine
// with a small stack, and the handlers (Echo, then the JSON API or
// connect-go) outgrow it deep in their calls, where the runtime copies the
// stack and adjusts every frame on it: 5 µs a request in the typed API's
// benchmark. Grown here, two frames deep, it costs 1-2 µs. An HTTP/1.1
// connection keeps its goroutine, and its grown stack, from request to
// request.
func growStreamStack(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ProtoMajor == 2 {
			reserveStack(0)
		}
		next.ServeHTTP(w, r)
	})
}

// reserveStack uses streamStack bytes of stack; noinline keeps the frame.
//
//go:noinline
func reserveStack(i int) byte {
	var frame [streamStack]byte
	frame[i] = 1
	return frame[(i+1)%len(frame)]
}
