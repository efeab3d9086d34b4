package probe

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"time"
)

func (a attempt) tls() Result {
	host, _, _ := splitHostPort(a.def.Target, 443) // validated
	address, _ := joinHostPort(a.def.Target, 443)
	// Verification happens below, after the handshake, so that an expired
	// certificate is reported with its date instead of as a handshake error.
	dialer := &tls.Dialer{
		NetDialer: &net.Dialer{},
		Config:    &tls.Config{ServerName: host, InsecureSkipVerify: true},
	}
	conn, err := dialer.DialContext(a.ctx, "tcp", address)
	if err != nil {
		return a.fail(err)
	}
	latency := a.elapsed()
	certificates := conn.(*tls.Conn).ConnectionState().PeerCertificates
	_ = conn.Close() // the certificates are all a tls check reads
	return checkCertificates(a.started, latency, certificates, host, a.prober.RootCAs, a.def.TLS.ExpiryWarningDays, time.Now())
}

// checkCertificates judges a server's chain at now: expired or untrusted is
// down, expiring within warningDays is degraded.
func checkCertificates(started time.Time, latency time.Duration, chain []*x509.Certificate, host string, roots *x509.CertPool, warningDays int, now time.Time) Result {
	if len(chain) == 0 {
		return down(started, latency, "the server presented no certificate")
	}
	leaf := chain[0]
	switch {
	case now.After(leaf.NotAfter):
		return down(started, latency, "certificate expired on "+leaf.NotAfter.UTC().Format(dateLayout))
	case now.Before(leaf.NotBefore):
		return down(started, latency, "certificate not valid before "+leaf.NotBefore.UTC().Format(dateLayout))
	}
	intermediates := x509.NewCertPool()
	for _, certificate := range chain[1:] {
		intermediates.AddCert(certificate)
	}
	options := x509.VerifyOptions{Roots: roots, Intermediates: intermediates, DNSName: host, CurrentTime: now}
	if _, err := leaf.Verify(options); err != nil {
		return down(started, latency, describeError(err))
	}
	left := leaf.NotAfter.Sub(now)
	if left < time.Duration(warningDays)*24*time.Hour {
		return degraded(started, latency, fmt.Sprintf("certificate expires in %s (warning below %d days)", formatDays(left), warningDays))
	}
	return up(started, latency)
}

// formatDays writes the time left on a certificate: "3 days", "1 day", "5 hours", "less than an hour".
func formatDays(left time.Duration) string {
	days := int((left + 12*time.Hour) / (24 * time.Hour))
	switch {
	case left < 24*time.Hour:
		switch hours := int(left / time.Hour); hours {
		case 0:
			return "less than an hour"
		case 1:
			return "1 hour"
		default:
			return fmt.Sprintf("%d hours", hours)
		}
	case days == 1:
		return "1 day"
	}
	return fmt.Sprintf("%d days", days)
}
