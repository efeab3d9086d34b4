package mail_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"statusdash/app/markdown"
	"statusdash/app/model"
	"statusdash/app/notify/mail"
	"statusdash/app/notify/mail/smtptest"
	"statusdash/templates"
)

const from = "Status <status@example.com>"

func newSender(t *testing.T, server *smtptest.Server, url string) *mail.Sender {
	t.Helper()
	sender, err := mail.New(mail.Options{
		URL: url, From: from, TLSConfig: server.ClientTLS,
		DialTimeout: 5 * time.Second, SendTimeout: 10 * time.Second,
		Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatalf("mail.New: %v", err)
	}
	return sender
}

func TestSendOverEachSecurity(t *testing.T) {
	tests := []struct {
		name     string
		mode     smtptest.Mode
		url      string // %d is the port
		wantTLS  bool
		wantUser string
	}{
		{"implicit TLS with a password", smtptest.ImplicitTLS, "smtps://alice:secret@127.0.0.1:%d", true, "alice"},
		{"STARTTLS with a password", smtptest.StartTLS, "smtp://alice:secret@127.0.0.1:%d", true, "alice"},
		{"STARTTLS by name", smtptest.StartTLS, "smtp://localhost:%d", true, ""},
		{"plain relay", smtptest.Plain, "smtp://127.0.0.1:%d?starttls=off", false, ""},
		{"plain relay with a password", smtptest.Plain, "smtp://alice:secret@127.0.0.1:%d?starttls=off", false, "alice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := smtptest.Options{Mode: tt.mode}
			if tt.wantUser != "" {
				opts.Username, opts.Password = "alice", "secret"
			}
			server := smtptest.Start(t, opts)
			sender := newSender(t, server, fmt.Sprintf(tt.url, server.Port()))
			msg := mail.Message{To: "reader@example.org", Subject: "Hello", Text: "plain", HTML: "<p>html</p>", DeliveryKey: "sub-1/update-2"}
			if err := sender.Send(context.Background(), msg); err != nil {
				t.Fatalf("Send: %v", err)
			}
			got := server.Messages()
			if len(got) != 1 {
				t.Fatalf("server kept %d messages, want 1", len(got))
			}
			if got[0].TLS != tt.wantTLS || got[0].User != tt.wantUser {
				t.Errorf("TLS %v user %q, want %v %q", got[0].TLS, got[0].User, tt.wantTLS, tt.wantUser)
			}
			if got[0].From != "status@example.com" || len(got[0].To) != 1 || got[0].To[0] != "reader@example.org" {
				t.Errorf("envelope from %q to %v", got[0].From, got[0].To)
			}
		})
	}
}

func TestSendRequiresOfferedSTARTTLS(t *testing.T) {
	server := smtptest.Start(t, smtptest.Options{Mode: smtptest.Plain})
	sender := newSender(t, server, fmt.Sprintf("smtp://127.0.0.1:%d", server.Port()))
	err := sender.Send(context.Background(), mail.Message{To: "reader@example.org", Subject: "x", Text: "x"})
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("Send to a server without STARTTLS: error %v, want one about STARTTLS", err)
	}
	if n := len(server.Messages()); n != 0 {
		t.Errorf("server kept %d messages, want none", n)
	}
}

func TestSendWrongPasswordFails(t *testing.T) {
	server := smtptest.Start(t, smtptest.Options{Mode: smtptest.StartTLS, Username: "alice", Password: "secret"})
	sender := newSender(t, server, fmt.Sprintf("smtp://alice:wrong@127.0.0.1:%d", server.Port()))
	if err := sender.Send(context.Background(), mail.Message{To: "reader@example.org", Subject: "x", Text: "x"}); err == nil {
		t.Fatal("Send with a wrong password succeeded")
	}
}

func TestNotificationMail(t *testing.T) {
	server := smtptest.Start(t, smtptest.Options{Mode: smtptest.StartTLS})
	sender := newSender(t, server, fmt.Sprintf("smtp://127.0.0.1:%d", server.Port()))
	tmpl, err := mail.NewTemplates(templates.MailFS, markdown.New())
	if err != nil {
		t.Fatalf("NewTemplates: %v", err)
	}
	region := &model.Region{Name: "EU-DE"}
	event := &model.Event{
		ID: 41, Type: model.TypeIncident, Title: "Slow volume attachment", Impact: model.ImpactMajor, Status: model.StatusAnalysing,
		Components: []model.Component{{ID: 3, Service: &model.Service{Name: "Elastic Cloud Server"}, Region: region}},
	}
	update := model.EventUpdate{Status: model.StatusAnalysing, Text: "We are **looking** into it.\n\n<script>x()</script>", At: time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)}
	unsubscribe := "https://status.example.com/subscribe/unsubscribe?token=abc.def"
	msg, err := tmpl.Notification(mail.Notification{
		To: "reader@example.org", PageTitle: "Example Status", Event: event, Update: update,
		EventURL: "https://status.example.com/incidents/41", ManageURL: "https://status.example.com/subscribe/manage?token=abc.def",
		UnsubscribeURL: unsubscribe, DeliveryKey: "subscriber-7/update-99",
	})
	if err != nil {
		t.Fatalf("Notification: %v", err)
	}
	if err := sender.Send(context.Background(), msg); err != nil {
		t.Fatalf("Send: %v", err)
	}
	parsed, err := netmail.ReadMessage(bytes.NewReader(server.Wait(t, 1, 10*time.Second)[0].Data))
	if err != nil {
		t.Fatalf("read the received message: %v", err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(parsed.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("subject: %v", err)
	}
	headers := map[string]string{
		"Subject":               "[Partial outage] Elastic Cloud Server in EU-DE: Slow volume attachment",
		"List-Unsubscribe":      "<" + unsubscribe + ">",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		mail.DeliveryHeader:     "subscriber-7/update-99",
	}
	for name, want := range headers {
		got := parsed.Header.Get(name)
		if name == "Subject" {
			got = subject
		}
		if got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if id := parsed.Header.Get("Message-Id"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@example.com>") {
		t.Errorf("Message-ID = %q, want <…@example.com>", id)
	}
	parts := readAlternative(t, parsed)
	if text := parts["text/plain"]; !strings.Contains(text, "We are **looking** into it.") || !strings.Contains(text, "https://status.example.com/subscribe/manage?token=abc.def") {
		t.Errorf("text part misses the update or the manage link:\n%s", text)
	}
	html := parts["text/html"]
	for _, want := range []string{"<strong>looking</strong>", `href="https://status.example.com/incidents/41"`, `href="https://status.example.com/subscribe/manage?token=abc.def"`} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML part misses %s:\n%s", want, html)
		}
	}
	for _, banned := range []string{"<script", "<img", "<link", "<style", "src="} {
		if strings.Contains(html, banned) {
			t.Errorf("HTML part has %s (no external resources, inline styles only)", banned)
		}
	}
}

// readAlternative returns the text of each part of a multipart/alternative body by type.
func readAlternative(t *testing.T, msg *netmail.Message) map[string]string {
	t.Helper()
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/alternative" {
		t.Fatalf("Content-Type %q (%v), want multipart/alternative", msg.Header.Get("Content-Type"), err)
	}
	parts := map[string]string{}
	reader := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := reader.NextPart() // decodes quoted-printable
		if err == io.EOF {
			return parts
		}
		if err != nil {
			t.Fatalf("multipart: %v", err)
		}
		body, err := io.ReadAll(part)
		if err != nil {
			t.Fatalf("part: %v", err)
		}
		partType, _, _ := mime.ParseMediaType(part.Header.Get("Content-Type"))
		parts[partType] = string(body)
	}
}

func TestConfirmationMail(t *testing.T) {
	server := smtptest.Start(t, smtptest.Options{Mode: smtptest.ImplicitTLS})
	sender := newSender(t, server, fmt.Sprintf("smtps://127.0.0.1:%d", server.Port()))
	tmpl, err := mail.NewTemplates(templates.MailFS, markdown.New())
	if err != nil {
		t.Fatalf("NewTemplates: %v", err)
	}
	confirm := "https://status.example.com/subscribe/confirm?token=t0k.en"
	mailer := &mail.Mailer{Templates: tmpl, Sender: sender}
	err = mailer.SendConfirmation(context.Background(), mail.Confirmation{
		To: "reader@example.org", PageTitle: "Example Status", ConfirmURL: confirm,
		UnsubscribeURL: "https://status.example.com/subscribe/unsubscribe?token=t0k.en", DeliveryKey: "confirm-7",
	})
	if err != nil {
		t.Fatalf("SendConfirmation: %v", err)
	}
	parsed, err := netmail.ReadMessage(bytes.NewReader(server.Wait(t, 1, 10*time.Second)[0].Data))
	if err != nil {
		t.Fatalf("read the received message: %v", err)
	}
	if got := parsed.Header.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post = %q", got)
	}
	parts := readAlternative(t, parsed)
	if !strings.Contains(parts["text/plain"], confirm) || !strings.Contains(parts["text/html"], `href="`+confirm+`"`) {
		t.Errorf("a part misses the confirmation link %s:\n%v", confirm, parts)
	}
}

// A server that accepts the connection and never answers is cut off by the
// send deadline: the delivery fails instead of hanging.
func TestSendToHangingServerFails(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { listener.Close() })
	go func() {
		for {
			conn, err := listener.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { conn.Close() })
		}
	}()
	sender, err := mail.New(mail.Options{
		URL: "smtp://" + listener.Addr().String() + "?starttls=off", From: from,
		DialTimeout: 200 * time.Millisecond, SendTimeout: 300 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := sender.Send(context.Background(), mail.Message{To: "reader@example.org", Subject: "x", Text: "x"}); err == nil {
		t.Fatal("Send to a silent server succeeded")
	}
}

func TestNewNamesTheVariable(t *testing.T) {
	tests := []struct{ url, from, want string }{
		{"ftp://host", from, "SDB_SMTP_URL"},
		{"smtp://host", "", "SDB_MAIL_FROM"},
		{"smtp://host", "not an address", "SDB_MAIL_FROM"},
	}
	for _, tt := range tests {
		if _, err := mail.New(mail.Options{URL: tt.url, From: tt.from}); err == nil || !strings.HasPrefix(err.Error(), tt.want+": ") {
			t.Errorf("New(%q, %q) error = %v, want one naming %s", tt.url, tt.from, err, tt.want)
		}
	}
}

func TestPlainRelayWarns(t *testing.T) {
	var logged bytes.Buffer
	_, err := mail.New(mail.Options{URL: "smtp://relay:25?starttls=off", From: from, Logger: slog.New(slog.NewTextHandler(&logged, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logged.String(), "level=WARN") || !strings.Contains(logged.String(), "starttls=off") {
		t.Errorf("no warning about plain SMTP: %q", logged.String())
	}
}

func TestSendErrorsSayWhetherToRetry(t *testing.T) {
	server := smtptest.Start(t, smtptest.Options{Mode: smtptest.StartTLS, Refuse: []string{"gone@example.org"}})
	sender := newSender(t, server, fmt.Sprintf("smtp://127.0.0.1:%d", server.Port()))
	closed := newSender(t, server, "smtp://127.0.0.1:1")
	tests := []struct {
		name          string
		sender        *mail.Sender
		to            string
		wantRetryable bool
	}{
		{"refused recipient", sender, "gone@example.org", false},
		{"malformed recipient", sender, "not an address", false},
		{"nothing listening", closed, "reader@example.org", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.sender.Send(context.Background(), mail.Message{To: tt.to, Subject: "x", Text: "x"})
			if err == nil || mail.IsRetryable(err) != tt.wantRetryable {
				t.Fatalf("Send error = %v (retryable %v), want retryable %v", err, mail.IsRetryable(err), tt.wantRetryable)
			}
		})
	}
}
