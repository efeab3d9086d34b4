package cli

import (
	"fmt"
	"log/slog"
	"time"

	"statusdash/app/config"
	"statusdash/app/markdown"
	"statusdash/app/notify/dispatch"
	"statusdash/app/notify/mail"
	"statusdash/app/notify/token"
	"statusdash/app/notify/webhook"
	"statusdash/app/store"
	"statusdash/templates"
)

// newDispatcher builds what sends notifications: mail through
// SDB_SMTP_URL when it is set, webhooks through a client that refuses
// private addresses unless SDB_WEBHOOK_ALLOW_PRIVATE, and the subscribers'
// signed links when SDB_SECRET_KEY is set. subscriptions reports whether
// readers may subscribe: that takes mail (the double opt-in) and signed links.
func newDispatcher(cfg config.Config, s *store.Storage, logger *slog.Logger) (d *dispatch.Dispatcher, subscriptions bool, err error) {
	md := markdown.New()
	deps := dispatch.Deps{Store: s, PageTitle: cfg.Title, BaseURL: cfg.BaseURL, Location: cfg.Location(), Now: time.Now,
		Webhooks: webhook.NewDeliverer(webhook.NewClient(webhook.ClientOptions{AllowPrivate: cfg.WebhookAllowPrivate}), md, time.Now),
		Links:    token.Links{BaseURL: cfg.BaseURL}}
	if cfg.SecretKey != "" {
		if deps.Links.Signer, err = token.NewSigner(cfg.SecretKey); err != nil {
			return nil, false, fmt.Errorf("SDB_SECRET_KEY: %w", err)
		}
	}
	if cfg.SMTPURL != "" {
		sender, err := mail.New(mail.Options{URL: cfg.SMTPURL, From: cfg.MailFrom, Logger: logger})
		if err != nil {
			return nil, false, err
		}
		mailTemplates, err := mail.NewTemplates(templates.MailFS, md)
		if err != nil {
			return nil, false, fmt.Errorf("mail templates: %w", err)
		}
		deps.Mailer = &mail.Mailer{Templates: mailTemplates, Sender: sender}
	}
	return dispatch.New(deps), deps.Mailer != nil && deps.Links.Signer != nil, nil
}
