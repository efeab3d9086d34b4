package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBufferedListener serves a request body, a file (net/http copies it
// with the connection's ReadFrom) and a plain answer through the buffered
// listener over HTTP/1.1 and h2c.
func TestBufferedListener(t *testing.T) {
	file := filepath.Join(t.TempDir(), "large.txt")
	content := strings.Repeat("status ", 20_000)
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /echo", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		_, _ = w.Write(body)
	})
	mux.HandleFunc("GET /file", func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, file) })
	server := httptest.NewUnstartedServer(nil)
	server.Config = (&Server{handler: mux}).HTTPServer()
	server.Listener = BufferedListener(server.Listener)
	server.Start()
	t.Cleanup(server.Close)

	for _, h2c := range []bool{false, true} {
		transport := &http.Transport{Protocols: new(http.Protocols)}
		transport.Protocols.SetHTTP1(!h2c)
		transport.Protocols.SetUnencryptedHTTP2(h2c)
		client := &http.Client{Transport: transport}
		t.Cleanup(transport.CloseIdleConnections)
		cases := []struct{ method, path, body, want string }{
			{http.MethodPost, "/echo", "a body " + content, "a body " + content},
			{http.MethodGet, "/file", "", content},
			{http.MethodGet, "/file", "", content},
		}
		for _, c := range cases {
			req, err := http.NewRequest(c.method, server.URL+c.path, strings.NewReader(c.body))
			if err != nil {
				t.Fatal(err)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatalf("h2c %v: %s %s: %v", h2c, c.method, c.path, err)
			}
			got, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil || string(got) != c.want {
				t.Errorf("h2c %v: %s %s: got %d bytes (%v), want %d", h2c, c.method, c.path, len(got), err, len(c.want))
			}
			if wantMajor := map[bool]int{false: 1, true: 2}[h2c]; resp.ProtoMajor != wantMajor {
				t.Errorf("h2c %v: got HTTP/%d, want HTTP/%d", h2c, resp.ProtoMajor, wantMajor)
			}
		}
	}
}
