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
	return s.renderSubscribeMessage(c, subscribeMessagePage{Heading: "Subscription confirmed",
		Message:   "You will be notified about " + newsLabel(subscriber.News) + " on this status page. Every message links to a page where you change what you follow or unsubscribe.",
		ManageURL: s.subscriptions.links.ManageURL(subscriber.ID, subscriber.Nonce, now)})
}

// newsLabel names the news a subscriber follows in a sentence.
func newsLabel(news string) string {
	if news == store.NewsBoth {
		return "incidents and maintenance"
	}
	return news
}
