package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestHeadRequests: public pages, feeds and probes answer HEAD like GET, without a body.
func TestHeadRequests(t *testing.T) {
	site := newTestSite(t)
	server := httptest.NewServer(site.server.Handler())
	t.Cleanup(server.Close)
	tests := []struct {
		path string
		want int
	}{
		{"/", http.StatusOK},
		{"/history", http.StatusOK},
		{"/services/ecs", http.StatusOK},
		{"/rss/?mt=EU-DE", http.StatusOK},
		{"/healthz", http.StatusOK},
		{"/services/nope", http.StatusNotFound},
		{"/history?page=0", http.StatusBadRequest},
	}
	for _, tt := range tests {
		response, err := http.Head(server.URL + tt.path)
		if err != nil {
			t.Fatalf("HEAD %s: %v", tt.path, err)
		}
		_ = response.Body.Close()
		if response.StatusCode != tt.want {
			t.Errorf("HEAD %s = %d, want %d", tt.path, response.StatusCode, tt.want)
		}
		if response.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("HEAD %s has no Content-Security-Policy", tt.path)
		}
	}
}
