package web

import (
	"github.com/labstack/echo/v4"

	"statusdash/app/notify/token"
	"statusdash/app/store"
)

// confirmSubscription (GET /subscribe/confirm?token=...) completes the
// double opt-in.
func (s *Server) confirmSubscription(c echo.Context) error {
	claims, err := s.subscriptionClaims(c, token.Confirm)
	if err != nil {
		return err
	}
	now := s.nowUTC()
	subscriber, err := s.store.ConfirmSubscriber(c.Request().Context(), claims.SubscriberID, claims.Nonce, now)
	if err != nil {
		return goneSubscription(err)
	}
	lang := s.readerLanguage(c)
	return s.renderSubscribeMessage(c, "subscribe.confirmed", []any{"News", lang.MustT(newsKey(subscriber.News))},
		subscribeMessagePage{ManageURL: s.subscriptions.links.ManageURL(subscriber.ID, subscriber.Nonce, now)})
}

// newsKey names the news a subscriber follows, for a sentence.
func newsKey(news string) string {
	switch news {
	case store.NewsIncidents, store.NewsMaintenance:
		return "subscribe.news." + news
	}
	return "subscribe.news.both"
}
