package probe

import (
	"errors"
	"fmt"
	"net"
	"syscall"
	"testing"
	"time"
)

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		duration time.Duration
		want     string
	}{
		{1234567 * time.Nanosecond, "1ms"},
		{200 * time.Millisecond, "200ms"},
		{5 * time.Second, "5s"},
		{1234 * time.Millisecond, "1.23s"},
		{10 * time.Second, "10s"},
		{time.Minute, "1m"},
		{70 * time.Second, "1m10s"},
		{6 * time.Minute, "6m"},
		{time.Hour, "1h"},
		{70 * time.Minute, "1h10m"},
		{time.Hour + 10*time.Second, "1h0m10s"},
		{47 * time.Hour, "47h"},
		{72 * time.Hour, "3 days"},
		{31 * 24 * time.Hour, "31 days"},
	}
	for _, tt := range tests {
		if got := formatDuration(tt.duration); got != tt.want {
			t.Errorf("formatDuration(%s) = %q, want %q", tt.duration, got, tt.want)
		}
	}
}

func TestFormatDays(t *testing.T) {
	tests := []struct {
		left time.Duration
		want string
	}{
		{30 * time.Minute, "less than an hour"},
		{90 * time.Minute, "1 hour"},
		{5 * time.Hour, "5 hours"},
		{30 * time.Hour, "1 day"},
		{72*time.Hour - time.Minute, "3 days"},
		{13*24*time.Hour + 23*time.Hour, "14 days"},
	}
	for _, tt := range tests {
		if got := formatDays(tt.left); got != tt.want {
			t.Errorf("formatDays(%s) = %q, want %q", tt.left, got, tt.want)
		}
	}
}

// Errors the loopback tests cannot provoke without leaving the machine.
func TestDescribeError(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&net.DNSError{Err: "no such host", Name: "db.example", IsNotFound: true}, "DNS: no such host db.example"},
		{&net.DNSError{Err: "server misbehaving", Name: "db.example", IsTemporary: true}, "DNS: looking up db.example failed: server misbehaving"},
		{&net.OpError{Op: "dial", Net: "tcp", Err: fmt.Errorf("connect: %w", syscall.EHOSTUNREACH)}, "host unreachable"},
		{&net.OpError{Op: "dial", Net: "tcp", Err: fmt.Errorf("connect: %w", syscall.ENETUNREACH)}, "network unreachable"},
		{&net.OpError{Op: "read", Net: "tcp", Err: fmt.Errorf("read: %w", syscall.ECONNRESET)}, "connection reset by peer"},
		{errors.New("something else"), "something else"},
	}
	for _, tt := range tests {
		if got := describeError(tt.err); got != tt.want {
			t.Errorf("describeError(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}
