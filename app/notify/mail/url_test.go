package mail

import (
	"strings"
	"testing"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		raw     string
		want    Server
		wantErr string
	}{
		{raw: "smtps://user:pass@mail.example.com:465", want: Server{Host: "mail.example.com", Port: 465, Username: "user", Password: "pass", Security: ImplicitTLS}},
		{raw: "smtps://mail.example.com", want: Server{Host: "mail.example.com", Port: 465, Security: ImplicitTLS}},
		{raw: "smtp://user:pa%40ss@mail.example.com:587", want: Server{Host: "mail.example.com", Port: 587, Username: "user", Password: "pa@ss", Security: StartTLS}},
		{raw: "smtp://mail.example.com", want: Server{Host: "mail.example.com", Port: 587, Security: StartTLS}},
		{raw: "smtp://relay.internal:25?starttls=off", want: Server{Host: "relay.internal", Port: 25, Security: Plain}},
		{raw: "smtp://relay.internal?starttls=off", want: Server{Host: "relay.internal", Port: 25, Security: Plain}},
		{raw: "smtp://[::1]:2525?starttls=off", want: Server{Host: "::1", Port: 2525, Security: Plain}},
		{raw: "", wantErr: "must not be empty"},
		{raw: "http://mail.example.com", wantErr: "scheme"},
		{raw: "mail.example.com:25", wantErr: "scheme"},
		{raw: "smtp://", wantErr: "no host"},
		{raw: "smtp://mail.example.com:0", wantErr: "port"},
		{raw: "smtp://mail.example.com:99999", wantErr: "port"},
		{raw: "smtp://mail.example.com/path", wantErr: "path"},
		{raw: "smtp://mail.example.com?starttls=on", wantErr: "starttls may only be off"},
		{raw: "smtp://mail.example.com?tls=off", wantErr: "unknown parameter"},
		{raw: "smtps://mail.example.com?starttls=off", wantErr: "does not go with smtps"},
		{raw: "smtp://:secret@mail.example.com", wantErr: "no user name"},
		{raw: "smtp://user:secret@mail.example.com:bad", wantErr: "SDB_SMTP_URL"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, err := ParseURL(tt.raw)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "SDB_SMTP_URL: ") {
					t.Fatalf("ParseURL(%q) error = %v, want one naming SDB_SMTP_URL and saying %q", tt.raw, err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "secret") {
					t.Errorf("error %q repeats the password", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseURL(%q): %v", tt.raw, err)
			}
			if got != tt.want {
				t.Errorf("ParseURL(%q) = %+v, want %+v", tt.raw, got, tt.want)
			}
		})
	}
}

// FuzzParseURL: the parser never panics, every error names the variable and
// never repeats the password, and what it accepts is usable.
func FuzzParseURL(f *testing.F) {
	for _, seed := range []string{
		"smtps://user:pass@host:465", "smtp://user:pass@host:587", "smtp://host:25?starttls=off",
		"smtp://[::1]:25", "smtp://u:p@h:1?starttls=off&starttls=off", "smtps://%zz@h", "smtp://h:65536",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		server, err := ParseURL(raw)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "SDB_SMTP_URL: ") {
				t.Fatalf("error %q does not name SDB_SMTP_URL", err)
			}
			if server != (Server{}) {
				t.Fatalf("error %v with a server %+v", err, server)
			}
			return
		}
		if server.Host == "" || server.Port < 1 || server.Port > 65535 {
			t.Fatalf("ParseURL(%q) accepted %+v", raw, server)
		}
		if server.Password != "" && server.Username == "" {
			t.Fatalf("ParseURL(%q): a password without a user", raw)
		}
	})
}
