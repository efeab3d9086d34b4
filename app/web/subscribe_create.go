package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"statusdash/app/store"
)

// createSubscription (POST /subscribe) records pending subscriptions and
// sends their confirmation requests. A new and an existing address get
// the same "check your inbox" page: no page tells who is subscribed.
func (s *Server) createSubscription(c echo.Context) error {
	if s.subscriptions == nil {
		return errSubscriptionsOff
	}
	ctx := c.Request().Context()
	values, err := c.FormParams()
	if err != nil {
		return badRequest("form", "cannot be read: %v", err)
	}
	tree, err := s.store.ReadCatalog(ctx)
	if err != nil {
		return err
	}
	say := s.readerLanguage(c).MustT
	form, errs := parseSubscribeForm(values, say)
	validateSubscribeForm(form, tree, s.config.WebhookAllowPrivate, errs, say)
	if len(errs) > 0 {
		return s.renderSubscribe(c, http.StatusUnprocessableEntity, tree, form, errs)
	}
	var wanted []store.NewSubscriber
	if form.Email != "" {
		wanted = append(wanted, store.NewSubscriber{Kind: store.SubscriberEmail, Address: form.Email, Scope: form.scope()})
	}
	if form.WebhookURL != "" {
		wanted = append(wanted, store.NewSubscriber{Kind: store.SubscriberWebhook, Address: form.WebhookURL,
			ChatKind: form.ChatKind, Scope: form.scope()})
	}
	now := s.nowUTC()
	for _, sub := range wanted {
		subscriber, err := s.store.CreatePendingSubscriber(ctx, sub, now)
		if v, ok := store.AsValidation(err); ok {
			return s.renderSubscribe(c, http.StatusUnprocessableEntity, tree, form, v.Fields)
		}
		if err != nil {
			return err
		}
		links := s.subscriptions.links
		confirmation := Confirmation{Recipient: subscriber.Recipient(),
			ConfirmURL:       links.ConfirmURL(subscriber.ID, subscriber.Nonce, now),
			ManageURL:        links.ManageURL(subscriber.ID, subscriber.Nonce, now),
			AlreadyConfirmed: subscriber.Confirmed()}
		if err := s.subscriptions.sender.SendConfirmation(ctx, confirmation); err != nil {
			s.logger.Error("web: send subscription confirmation", "subscriber", subscriber.ID, "error", err)
			return localizedError(http.StatusServiceUnavailable, "subscribe.send_failed")
		}
	}
	return s.renderSubscribeMessage(c, "subscribe.check_inbox", nil, subscribeMessagePage{})
}
