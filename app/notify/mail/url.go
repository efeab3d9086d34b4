// Package mail sends statusdash's email: the confirmation mail and the
// notifications, rendered from templates/mail and sent through go-mail to the
// server SDB_SMTP_URL names.
package mail

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// Security is how the connection to the SMTP server is protected.
type Security int

// The three ways SDB_SMTP_URL can ask for.
const (
	// ImplicitTLS is smtps://: TLS from the first byte (usually port 465).
	ImplicitTLS Security = iota
	// StartTLS is smtp://: the server must offer STARTTLS, or nothing is sent.
	StartTLS
	// Plain is smtp://…?starttls=off: no encryption, for a relay on a trusted network.
	Plain
)

func (s Security) String() string {
	switch s {
	case ImplicitTLS:
		return "implicit TLS"
	case StartTLS:
		return "STARTTLS"
	}
	return "plain SMTP"
}

// Server is a parsed SDB_SMTP_URL.
type Server struct {
	Host     string
	Port     int
	Username string
	Password string
	Security Security
}

// Address is host:port.
func (s Server) Address() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// ParseURL reads SDB_SMTP_URL: smtps://user:pass@host:465 (implicit TLS),
// smtp://user:pass@host:587 (STARTTLS required) or smtp://host:25?starttls=off
// (plain SMTP). Errors name the variable and never repeat the password.
func ParseURL(raw string) (Server, error) {
	server, err := parseURL(raw)
	if err != nil {
		return Server{}, fmt.Errorf("SDB_SMTP_URL: %w", err)
	}
	return server, nil
}

func parseURL(raw string) (Server, error) {
	if raw == "" {
		return Server{}, errors.New("must not be empty")
	}
	u, err := url.Parse(raw)
	if err != nil {
		// url's error quotes the whole URL, password included.
		return Server{}, errors.New("is not a URL: want smtps://user:pass@host:465, smtp://user:pass@host:587 or smtp://host:25?starttls=off")
	}
	var server Server
	switch u.Scheme {
	case "smtps":
		server.Security, server.Port = ImplicitTLS, 465
	case "smtp":
		server.Security, server.Port = StartTLS, 587
	default:
		return Server{}, errors.New("the scheme must be smtps:// (implicit TLS) or smtp:// (STARTTLS, or plain with ?starttls=off)")
	}
	if u.Opaque != "" || u.Host == "" {
		return Server{}, errors.New("names no host: want e.g. smtps://user:pass@mail.example.com:465")
	}
	if u.Path != "" && u.Path != "/" {
		return Server{}, errors.New("must not have a path")
	}
	if u.Fragment != "" {
		return Server{}, errors.New("must not have a fragment")
	}
	server.Host = u.Hostname()
	if server.Host == "" || strings.ContainsAny(server.Host, " /\\@") {
		return Server{}, errors.New("names no valid host")
	}
	if port := u.Port(); port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return Server{}, fmt.Errorf("port must be between 1 and 65535, got %q", port)
		}
		server.Port = n
	}
	if u.User != nil {
		server.Username = u.User.Username()
		server.Password, _ = u.User.Password()
		if server.Username == "" {
			return Server{}, errors.New("has a password but no user name")
		}
	}
	query, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return Server{}, errors.New("has a malformed query")
	}
	for key, values := range query {
		if key != "starttls" {
			return Server{}, fmt.Errorf("unknown parameter %q: only starttls=off is known", key)
		}
		if len(values) != 1 || values[0] != "off" {
			return Server{}, errors.New("starttls may only be off (STARTTLS is otherwise required)")
		}
		if server.Security == ImplicitTLS {
			return Server{}, errors.New("starttls=off does not go with smtps://: use smtp://host:25?starttls=off")
		}
		server.Security = Plain
		if u.Port() == "" {
			server.Port = 25
		}
	}
	return server, nil
}
