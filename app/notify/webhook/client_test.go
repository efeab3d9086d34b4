package webhook

import (
	"net/netip"
	"testing"
)

func TestIsPublic(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"127.0.0.1", false},
		{"127.8.9.10", false},
		{"::1", false},
		{"10.1.2.3", false},
		{"172.16.0.1", false},
		{"192.168.1.1", false},
		{"169.254.169.254", false},
		{"100.64.0.1", false},
		{"0.0.0.0", false},
		{"255.255.255.255", false},
		{"224.0.0.1", false},
		{"198.18.0.1", false},
		{"fd00::1", false},
		{"fe80::1", false},
		{"ff02::1", false},
		{"::", false},
		{"::ffff:127.0.0.1", false},
		{"::ffff:10.0.0.1", false},
		{"64:ff9b::a00:1", false}, // NAT64 of 10.0.0.1
		{"2002:a00:1::", false},   // 6to4 of 10.0.0.1
		{"2001:db8::1", false},
		{"fec0::1", false},
		{"93.184.215.14", true},
		{"8.8.8.8", true},
		{"::ffff:8.8.8.8", true},
		{"2606:4700:4700::1111", true},
	}
	for _, tt := range tests {
		if got := IsPublic(netip.MustParseAddr(tt.addr)); got != tt.want {
			t.Errorf("IsPublic(%s) = %v, want %v", tt.addr, got, tt.want)
		}
	}
}

func TestCheckURL(t *testing.T) {
	tests := []struct {
		url          string
		allowPrivate bool
		wantErr      bool
	}{
		{"https://hooks.slack.com/services/T/B/X", false, false},
		{"http://example.com/hook", false, false},
		{"ftp://example.com/hook", false, true},
		{"javascript:alert(1)", false, true},
		{"https://", false, true},
		{"https://user:pass@example.com/", false, true},
		{"http://127.0.0.1:8080/hook", false, true},
		{"http://[::1]/hook", false, true},
		{"http://[::ffff:127.0.0.1]/hook", false, true},
		{"http://10.0.0.5/hook", false, true},
		{"http://169.254.169.254/latest", false, true},
		{"http://[fd00::1]/hook", false, true},
		{"http://localhost/hook", false, true},
		{"http://127.0.0.1:8080/hook", true, false},
		{"http://10.0.0.5/hook", true, false},
	}
	for _, tt := range tests {
		_, err := CheckURL(tt.url, tt.allowPrivate)
		if (err != nil) != tt.wantErr {
			t.Errorf("CheckURL(%q, %v) error = %v, want error %v", tt.url, tt.allowPrivate, err, tt.wantErr)
		}
	}
}
