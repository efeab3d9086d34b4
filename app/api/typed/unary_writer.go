package typed

import "net/http"

// unaryOnly hides http.Flusher from connect-go for the unary services.
// connect-go flushes after the message and again after the trailers; over
// HTTP/2 each flush waits for the connection's frame writer to put the frames
// on the wire (one write system call and two goroutine hand-offs), so a gRPC
// answer cost two round trips through the writer where one is enough. A unary
// answer is complete when the handler returns, and net/http then sends its
// headers, message and trailers together. Streams (server reflection) are
// not wrapped: they need every flush.
func unaryOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(unflushed{w}, r)
	})
}

// unflushed is a ResponseWriter without Flush. Unwrap lets
// http.ResponseController still reach the connection (deadlines, an
// explicit flush).
type unflushed struct {
	w http.ResponseWriter
}

func (u unflushed) Header() http.Header         { return u.w.Header() }
func (u unflushed) Write(p []byte) (int, error) { return u.w.Write(p) }
func (u unflushed) WriteHeader(status int)      { u.w.WriteHeader(status) }
func (u unflushed) Unwrap() http.ResponseWriter { return u.w }
