package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"sync/atomic"
	"time"
)

// switchableTarget is a loopback HTTP server that a check watches: it
// answers 200, or 503 while it is switched down.
type switchableTarget struct {
	server *http.Server
	// URL is the address the check requests.
	URL  string
	down atomic.Bool
}

// startSwitchableTarget starts a target, up, on a free loopback port.
func startSwitchableTarget() (*switchableTarget, error) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("start a target: %w", err)
	}
	target := &switchableTarget{URL: "http://" + listener.Addr().String() + "/health"}
	target.server = &http.Server{Handler: http.HandlerFunc(target.answer), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := target.server.Serve(listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
			// The check sees the target down; say why.
			fmt.Fprintln(os.Stderr, "loadbench: target stopped:", err)
		}
	}()
	return target, nil
}

func (t *switchableTarget) answer(w http.ResponseWriter, _ *http.Request) {
	if t.down.Load() {
		http.Error(w, "switched down by loadbench", http.StatusServiceUnavailable)
		return
	}
	_, _ = w.Write([]byte("ok"))
}

// setDown switches the target's answers to 503 (true) or 200 (false).
func (t *switchableTarget) setDown(down bool) { t.down.Store(down) }

// close stops the target within a few seconds.
func (t *switchableTarget) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = t.server.Shutdown(ctx)
}
