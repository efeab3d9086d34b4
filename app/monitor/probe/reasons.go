package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"
	"time"
)

// dateLayout writes certificate dates in reasons.
const dateLayout = "2006-01-02 15:04 UTC"

func isTimeout(err error) bool {
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded)
}

// describeError words a network, TLS or DNS error the way an operator reads
// it, without the Go plumbing around it ("Get \"https://...\": dial tcp ...").
func describeError(err error) string {
	var (
		dnsErr     *net.DNSError
		unknownCA  x509.UnknownAuthorityError
		hostErr    x509.HostnameError
		invalid    x509.CertificateInvalidError
		recordErr  tls.RecordHeaderError
		alert      tls.AlertError
		urlErr     *url.Error
		opErr      *net.OpError
		syscallErr *os.SyscallError
	)
	switch {
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return "DNS: no such host " + dnsErr.Name
		}
		return fmt.Sprintf("DNS: looking up %s failed: %s", dnsErr.Name, dnsErr.Err)
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset by peer"
	case errors.Is(err, syscall.EHOSTUNREACH):
		return "host unreachable"
	case errors.Is(err, syscall.ENETUNREACH):
		return "network unreachable"
	case errors.As(err, &unknownCA):
		return "certificate not trusted: signed by an unknown authority"
	case errors.As(err, &hostErr):
		return fmt.Sprintf("certificate is not valid for %s", hostErr.Host)
	case errors.As(err, &invalid):
		return describeInvalidCertificate(invalid, time.Now())
	case errors.As(err, &recordErr):
		return "TLS handshake failed: the server does not speak TLS"
	case errors.As(err, &alert):
		return "TLS handshake failed: " + alert.Error()
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed by the server"
	case errors.As(err, &urlErr):
		return describeError(urlErr.Err)
	case errors.As(err, &opErr) && opErr.Err != nil:
		return describeError(opErr.Err)
	case errors.As(err, &syscallErr):
		return syscallErr.Err.Error()
	}
	return err.Error()
}

func describeInvalidCertificate(invalid x509.CertificateInvalidError, now time.Time) string {
	if invalid.Reason == x509.Expired && invalid.Cert != nil {
		if now.After(invalid.Cert.NotAfter) {
			return "certificate expired on " + invalid.Cert.NotAfter.UTC().Format(dateLayout)
		}
		return "certificate not valid before " + invalid.Cert.NotBefore.UTC().Format(dateLayout)
	}
	return "certificate invalid: " + strings.TrimPrefix(invalid.Error(), "x509: ")
}

// formatDuration writes d for people: "5s", "200ms", "1h10m", "3 days".
func formatDuration(d time.Duration) string {
	switch {
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	case d < time.Minute:
		return d.Round(10 * time.Millisecond).String()
	case d >= 48*time.Hour:
		return fmt.Sprintf("%d days", int((d+12*time.Hour)/(24*time.Hour)))
	}
	text := d.Round(time.Second).String()
	if strings.HasSuffix(text, "m0s") {
		text = strings.TrimSuffix(text, "0s")
	}
	if strings.HasSuffix(text, "h0m") {
		text = strings.TrimSuffix(text, "0m")
	}
	return text
}
