package web

import (
	"net/http/httptest"
	"testing"

	"statusdash/app/config"
)

// TestClientAddresses: X-Forwarded-For names the client only when the peer
// is a trusted proxy, and then the last address that is not one.
func TestClientAddresses(t *testing.T) {
	tests := []struct {
		name      string
		proxies   []string
		peer      string
		forwarded string
		want      string
	}{
		{"no proxies: the peer, whatever the header says", nil, "192.0.2.10:5000", "198.51.100.7", "192.0.2.10"},
		{"no proxies: a loopback peer is not trusted either", nil, "127.0.0.1:5000", "198.51.100.7", "127.0.0.1"},
		{"a trusted proxy names the client", []string{"10.0.0.0/8"}, "10.1.2.3:5000", "198.51.100.7", "198.51.100.7"},
		{"a chain of trusted proxies", []string{"10.0.0.0/8"}, "10.1.2.3:5000", "198.51.100.7, 10.0.0.5", "198.51.100.7"},
		{"a forged entry left of the client is ignored", []string{"10.0.0.0/8"}, "10.1.2.3:5000", "203.0.113.66, 198.51.100.7", "198.51.100.7"},
		{"an untrusted peer's header is ignored", []string{"10.0.0.0/8"}, "192.0.2.10:5000", "198.51.100.7", "192.0.2.10"},
		{"private ranges are trusted only when listed", []string{"10.0.0.0/8"}, "192.168.1.1:5000", "198.51.100.7", "192.168.1.1"},
		{"a single address", []string{"192.0.2.1"}, "192.0.2.1:5000", "198.51.100.7", "198.51.100.7"},
		{"IPv6", []string{"2001:db8::/32"}, "[2001:db8::1]:5000", "2001:470::1, 2001:db8::2", "2001:470::1"},
		{"no header from a trusted proxy: the proxy", []string{"10.0.0.0/8"}, "10.1.2.3:5000", "", "10.1.2.3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			extract, err := clientAddresses(config.Config{TrustedProxies: tt.proxies})
			if err != nil {
				t.Fatal(err)
			}
			request := httptest.NewRequest("POST", "/subscribe", nil)
			request.RemoteAddr = tt.peer
			if tt.forwarded != "" {
				request.Header.Set("X-Forwarded-For", tt.forwarded)
			}
			if got := extract(request); got != tt.want {
				t.Errorf("client = %q, want %q", got, tt.want)
			}
		})
	}
}
