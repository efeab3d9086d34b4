// Package smtptest runs a real SMTP server (emersion/go-smtp) on loopback
// for tests: plain, STARTTLS or implicit TLS, optionally with AUTH PLAIN,
// keeping every message it accepts.
package smtptest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"net"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Mode is how clients must connect.
type Mode int

// Server modes.
const (
	// Plain offers no TLS at all (and so no STARTTLS).
	Plain Mode = iota
	// StartTLS offers STARTTLS on a plain connection.
	StartTLS
	// ImplicitTLS speaks TLS from the first byte, as on port 465.
	ImplicitTLS
)

// Message is one accepted mail.
type Message struct {
	From string
	To   []string
	Data []byte // the raw message, headers and body
	TLS  bool   // whether it came over TLS
	User string // the authenticated user, if any
}

// Server is a running loopback SMTP server.
type Server struct {
	// Addr is host:port on 127.0.0.1.
	Addr string
	// ClientTLS trusts the server's certificate (for 127.0.0.1 and localhost).
	ClientTLS *tls.Config

	username, password string
	refuse             []string
	mu                 sync.Mutex
	messages           []Message
	arrived            chan struct{}
	countOnly          bool
	count              atomic.Int64
}

// Options configure Start; a non-empty Username requires AUTH PLAIN with Password.
type Options struct {
	Mode     Mode
	Username string
	Password string
	// Refuse names recipients the server refuses for good (550).
	Refuse []string
	// CountOnly keeps no message, only their number (Count): for
	// benchmarks sending thousands.
	CountOnly bool
}

// Start runs a server until the test ends.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	cert, pool := certificate(t)
	s := &Server{
		ClientTLS: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12},
		username:  opts.Username, password: opts.Password, refuse: opts.Refuse, arrived: make(chan struct{}, 1024),
		countOnly: opts.CountOnly,
	}
	server := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		_, isTLS := c.TLSConnectionState()
		return &session{server: s, tls: isTLS || opts.Mode == ImplicitTLS, conn: c}, nil
	}))
	server.Domain = "localhost"
	server.ReadTimeout, server.WriteTimeout = 10*time.Second, 10*time.Second
	server.MaxMessageBytes = 1 << 20
	server.AllowInsecureAuth = true // Plain mode with a password; TLS modes are TLS anyway
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtptest: listen: %v", err)
	}
	tlsConfig := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	switch opts.Mode {
	case StartTLS:
		server.TLSConfig = tlsConfig
	case ImplicitTLS:
		server.TLSConfig = tlsConfig
		listener = tls.NewListener(listener, tlsConfig)
	}
	s.Addr = listener.Addr().String()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = server.Serve(listener) // ends when Close closes the listener
	}()
	t.Cleanup(func() {
		_ = server.Close()
		<-done
	})
	return s
}

// Port is the port the server listens on.
func (s *Server) Port() int {
	_, port, _ := net.SplitHostPort(s.Addr)
	n, _ := strconv.Atoi(port)
	return n
}

// Messages returns a copy of every message accepted so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// Count is how many messages were accepted so far, kept or not.
func (s *Server) Count() int64 { return s.count.Load() }

// Wait returns once n messages have arrived, or fails the test after timeout.
func (s *Server) Wait(t testing.TB, n int, timeout time.Duration) []Message {
	t.Helper()
	deadline := time.After(timeout)
	for {
		if messages := s.Messages(); len(messages) >= n {
			return messages
		}
		select {
		case <-s.arrived:
		case <-deadline:
			t.Fatalf("smtptest: %d of %d messages after %s", len(s.Messages()), n, timeout)
		}
	}
}

type session struct {
	server *Server
	conn   *smtp.Conn
	tls    bool
	user   string
	from   string
	to     []string
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(_, username, password string) error {
		if username != s.server.username || password != s.server.password {
			return smtp.ErrAuthFailed
		}
		s.user = username
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.server.username != "" && s.user == "" {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if slices.Contains(s.server.refuse, to) {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	if s.server.countOnly {
		if _, err := io.Copy(io.Discard, r); err != nil {
			return err
		}
		s.server.count.Add(1)
		return nil
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.server.count.Add(1)
	_, startTLS := s.conn.TLSConnectionState()
	s.server.mu.Lock()
	s.server.messages = append(s.server.messages, Message{
		From: s.from, To: append([]string(nil), s.to...), Data: bytes.Clone(data),
		TLS: s.tls || startTLS, User: s.user,
	})
	s.server.mu.Unlock()
	select {
	case s.server.arrived <- struct{}{}:
	default:
	}
	return nil
}

func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }

// certificate makes a self-signed certificate for 127.0.0.1, ::1 and localhost.
func certificate(t testing.TB) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatalf("smtptest: key: %v", err)
	}
	template := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "smtptest"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:         true, BasicConstraintsValid: true,
		DNSNames:    []string{"localhost"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		t.Fatalf("smtptest: certificate: %v", err)
	}
	parsed, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatalf("smtptest: certificate: %v", err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(parsed)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: parsed}, pool
}

var _ smtp.AuthSession = (*session)(nil)
