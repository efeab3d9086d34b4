package web

import (
	"net/http"
	"testing"
)

// TestHTTPServer: serve answers HTTP/1.1 and, for gRPC clients of the typed
// API, HTTP/2 without TLS on the same listener, with every timeout set.
func TestHTTPServer(t *testing.T) {
	handler := http.NotFoundHandler()
	server := (&Server{handler: handler}).HTTPServer()
	if !server.Protocols.HTTP1() || !server.Protocols.UnencryptedHTTP2() {
		t.Errorf("protocols: got %v, want HTTP1 and UnencryptedHTTP2", server.Protocols)
	}
	timeouts := map[string]bool{
		"ReadHeaderTimeout": server.ReadHeaderTimeout > 0, "ReadTimeout": server.ReadTimeout > 0,
		"WriteTimeout": server.WriteTimeout > 0, "IdleTimeout": server.IdleTimeout > 0,
	}
	for name, set := range timeouts {
		if !set {
			t.Errorf("%s: got 0, want a timeout", name)
		}
	}
	if server.Handler == nil {
		t.Error("Handler: got nil, want the server's handler")
	}
}
