package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
)

// bareServer is the floor a Go server can reach here: a net/http handler
// that only writes the overview's gzip bytes with the overview's own
// response headers, with none of statusdash's routing, middleware, caching
// or freshness check. Its rate against nginx's is the share that net/http
// itself reaches on this machine.
type bareServer struct {
	server *http.Server
	done   chan error
}

// startBareServer serves gzipped with header (Date and Content-Length are
// net/http's own) at listen, in this process.
func startBareServer(listen string, gzipped []byte, header http.Header) (*bareServer, error) {
	listener, err := net.Listen("tcp", listen)
	if err != nil {
		return nil, fmt.Errorf("bare net/http server: %w", err)
	}
	fixed := header.Clone()
	fixed.Del("Date")
	fixed.Set("Content-Encoding", "gzip")
	fixed.Set("Content-Length", strconv.Itoa(len(gzipped)))
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		out := w.Header()
		for name, values := range fixed {
			out[name] = values
		}
		_, _ = w.Write(gzipped)
	})
	b := &bareServer{server: &http.Server{Handler: handler}, done: make(chan error, 1)}
	go func() { b.done <- b.server.Serve(listener) }()
	return b, nil
}

// stop closes the server and its connections.
func (b *bareServer) stop() error {
	if err := b.server.Shutdown(context.Background()); err != nil {
		return fmt.Errorf("bare net/http server: %w", err)
	}
	if err := <-b.done; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("bare net/http server: %w", err)
	}
	return nil
}
