package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	netmail "net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Options configure a Sender. URL and From are required.
type Options struct {
	URL  string // SDB_SMTP_URL
	From string // SDB_MAIL_FROM, e.g. "Status <status@example.com>"
	// DialTimeout bounds the TCP connection and the TLS handshake of implicit
	// TLS; SendTimeout bounds one whole Send, dial included. Zero is 10s and 30s.
	DialTimeout time.Duration
	SendTimeout time.Duration
	// TLSConfig overrides the TLS settings (tests trust their own certificate);
	// nil verifies the server's certificate against the system roots.
	TLSConfig *tls.Config
	Logger    *slog.Logger
}

// Sender sends one Message per Send through go-mail. It keeps no
// connection open between sends and is safe for concurrent use.
type Sender struct {
	server      Server
	from        *netmail.Address
	domain      string // of From, for Message-IDs
	dialTimeout time.Duration
	sendTimeout time.Duration
	tlsConfig   *tls.Config
}

// New checks the settings and returns a Sender. It logs a warning when the
// URL asks for plain SMTP (starttls=off).
func New(opts Options) (*Sender, error) {
	server, err := ParseURL(opts.URL)
	if err != nil {
		return nil, err
	}
	from, err := ParseFrom(opts.From)
	if err != nil {
		return nil, err
	}
	s := &Sender{
		server: server, from: from, domain: from.Address[strings.LastIndexByte(from.Address, '@')+1:],
		dialTimeout: opts.DialTimeout, sendTimeout: opts.SendTimeout,
	}
	if s.dialTimeout <= 0 {
		s.dialTimeout = 10 * time.Second
	}
	if s.sendTimeout <= 0 {
		s.sendTimeout = 30 * time.Second
	}
	s.tlsConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	if opts.TLSConfig != nil {
		s.tlsConfig = opts.TLSConfig.Clone()
	}
	if s.tlsConfig.ServerName == "" {
		s.tlsConfig.ServerName = server.Host
	}
	if server.Security == Plain && opts.Logger != nil {
		opts.Logger.Warn("mail is sent without encryption (SDB_SMTP_URL has starttls=off): use this only with a relay on a trusted network",
			"host", server.Address())
	}
	return s, nil
}

// ParseFrom reads SDB_MAIL_FROM: an address, with or without a display name.
func ParseFrom(raw string) (*netmail.Address, error) {
	if raw == "" {
		return nil, errors.New("SDB_MAIL_FROM: must be set when SDB_SMTP_URL is (e.g. \"Status <status@example.com>\")")
	}
	from, err := netmail.ParseAddress(raw)
	if err != nil || !strings.Contains(from.Address, "@") {
		return nil, fmt.Errorf("SDB_MAIL_FROM: must be a mail address such as \"Status <status@example.com>\", got %q", raw)
	}
	return from, nil
}

// Server is the parsed SDB_SMTP_URL (the password included; never log it).
func (s *Sender) Server() Server { return s.server }

// Send delivers msg: one connection, one transaction, within SendTimeout
// (and ctx). A failure is an *Error saying whether another attempt may succeed.
func (s *Sender) Send(ctx context.Context, msg Message) error {
	ctx, cancel := context.WithTimeout(ctx, s.sendTimeout)
	defer cancel()
	deadline, _ := ctx.Deadline()
	m, err := s.build(msg)
	if err != nil {
		return &Error{Err: err}
	}
	client, err := gomail.NewClient(s.server.Host, s.clientOptions(deadline)...)
	if err != nil {
		return &Error{Err: fmt.Errorf("mail: client for %s: %w", s.server.Address(), err)}
	}
	if err := client.DialAndSendWithContext(ctx, m); err != nil {
		return &Error{
			Retryable: !refused(err),
			Err:       fmt.Errorf("mail: send to %s via %s (%s): %w", msg.To, s.server.Address(), s.server.Security, err),
		}
	}
	return nil
}

// Error is a failed send. Retryable is false when the server refused the
// message or recipient for good (a 5xx reply) or the message is malformed;
// network errors, timeouts, TLS and authentication failures and 4xx replies
// are worth another attempt.
type Error struct {
	Retryable bool
	Err       error
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// IsRetryable reports whether err is worth another attempt; errors that are
// not an *Error (a cancelled context) are.
func IsRetryable(err error) bool {
	var send *Error
	if errors.As(err, &send) {
		return send.Retryable
	}
	return err != nil
}

// refused reports whether the server answered the transaction with a
// permanent (5xx) reply.
func refused(err error) bool {
	var send *gomail.SendError
	return errors.As(err, &send) && !send.IsTemp() && send.ErrorCode() >= 500
}

func (s *Sender) clientOptions(deadline time.Time) []gomail.Option {
	opts := []gomail.Option{
		gomail.WithPort(s.server.Port),
		gomail.WithTimeout(s.dialTimeout),
		gomail.WithTLSConfig(s.tlsConfig),
		gomail.WithDialContextFunc(s.dialer(deadline)),
	}
	switch s.server.Security {
	case ImplicitTLS:
		opts = append(opts, gomail.WithSSL())
	case StartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case Plain:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if s.server.Username != "" {
		auth := gomail.SMTPAuthPlain
		if s.server.Security == Plain {
			auth = gomail.SMTPAuthPlainNoEnc // the operator chose a trusted relay
		}
		opts = append(opts, gomail.WithSMTPAuth(auth), gomail.WithUsername(s.server.Username), gomail.WithPassword(s.server.Password))
	}
	return opts
}

// dialer connects with DialTimeout and caps every deadline go-mail sets on
// the connection at the end of the whole send, so a server that trickles
// its answers cannot hold a delivery past SendTimeout. For implicit TLS it
// also does the handshake (go-mail leaves that to a custom dialer).
func (s *Sender) dialer(deadline time.Time) gomail.DialContextFunc {
	return func(ctx context.Context, network, address string) (net.Conn, error) {
		dialer := net.Dialer{Timeout: s.dialTimeout}
		conn, err := dialer.DialContext(ctx, network, address)
		if err != nil {
			return nil, err
		}
		capped := &cappedConn{Conn: conn, limit: deadline}
		if err := capped.SetDeadline(deadline); err != nil {
			conn.Close()
			return nil, err
		}
		if s.server.Security != ImplicitTLS {
			return capped, nil
		}
		tlsConn := tls.Client(capped, s.tlsConfig)
		handshake, cancel := context.WithTimeout(ctx, s.dialTimeout)
		defer cancel()
		if err := tlsConn.HandshakeContext(handshake); err != nil {
			conn.Close()
			return nil, fmt.Errorf("TLS handshake: %w", err)
		}
		return tlsConn, nil
	}
}

// cappedConn never lets a deadline go past limit.
type cappedConn struct {
	net.Conn
	limit time.Time
}

func (c *cappedConn) capped(t time.Time) time.Time {
	if t.IsZero() || t.After(c.limit) {
		return c.limit
	}
	return t
}

func (c *cappedConn) SetDeadline(t time.Time) error { return c.Conn.SetDeadline(c.capped(t)) }
func (c *cappedConn) SetReadDeadline(t time.Time) error {
	return c.Conn.SetReadDeadline(c.capped(t))
}
func (c *cappedConn) SetWriteDeadline(t time.Time) error {
	return c.Conn.SetWriteDeadline(c.capped(t))
}

func (s *Sender) build(msg Message) (*gomail.Msg, error) {
	m := gomail.NewMsg()
	m.FromMailAddress(s.from)
	if err := m.To(msg.To); err != nil {
		return nil, fmt.Errorf("mail: recipient %q: %w", msg.To, err)
	}
	m.Subject(msg.Subject)
	m.SetDate()
	if msg.DeliveryKey != "" {
		m.SetMessageIDWithValue(messageID(msg.DeliveryKey, s.domain))
		m.SetGenHeader(gomail.Header(DeliveryHeader), msg.DeliveryKey)
	} else {
		m.SetMessageID()
	}
	if msg.UnsubscribeURL != "" {
		m.SetGenHeader(gomail.Header("List-Unsubscribe"), "<"+msg.UnsubscribeURL+">")
		m.SetGenHeader(gomail.Header("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click")
	}
	m.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	m.SetBodyString(gomail.TypeTextPlain, msg.Text)
	if msg.HTML != "" {
		m.AddAlternativeString(gomail.TypeTextHTML, msg.HTML)
	}
	return m, nil
}
