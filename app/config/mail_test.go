package config

import (
	"strings"
	"testing"
)

func TestLoadMailAndWebhookSettings(t *testing.T) {
	cfg, err := Load(env(map[string]string{
		"SDB_SMTP_URL": "smtps://u:p@mail.example.com:465", "SDB_MAIL_FROM": "Status <status@example.com>",
		"SDB_WEBHOOK_ALLOW_PRIVATE": "true",
	}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if cfg.SMTPURL != "smtps://u:p@mail.example.com:465" || cfg.MailFrom != "Status <status@example.com>" || !cfg.WebhookAllowPrivate {
		t.Errorf("SMTPURL %q, MailFrom %q, WebhookAllowPrivate %v", cfg.SMTPURL, cfg.MailFrom, cfg.WebhookAllowPrivate)
	}

	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"smtp url scheme", map[string]string{"SDB_SMTP_URL": "mail.example.com:25", "SDB_MAIL_FROM": "s@example.com"}, "SDB_SMTP_URL"},
		{"smtp url without from", map[string]string{"SDB_SMTP_URL": "smtp://mail.example.com"}, "SDB_MAIL_FROM"},
		{"bad from", map[string]string{"SDB_MAIL_FROM": "status at example"}, "SDB_MAIL_FROM"},
		{"bad allow private", map[string]string{"SDB_WEBHOOK_ALLOW_PRIVATE": "sometimes"}, "SDB_WEBHOOK_ALLOW_PRIVATE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(env(tt.env))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load error = %v, want one naming %s", err, tt.want)
			}
		})
	}
}
