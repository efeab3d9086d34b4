package web

import (
	"github.com/labstack/echo/v4"

	"statusdash/app/notify/token"
)

// showUnsubscribe (GET /subscribe/unsubscribe?token=...) asks to confirm
// with a button: mail scanners follow links, and a GET must not
// unsubscribe anyone.
func (s *Server) showUnsubscribe(c echo.Context) error {
	claims, err := s.subscriptionClaims(c, token.Manage)
	if err != nil {
		return err
	}
	return s.renderSubscribeMessage(c, "subscribe.unsubscribe_ask", nil, subscribeMessagePage{
		ManageURL:        s.subscriptions.links.ManageURL(claims.SubscriberID, claims.Nonce, s.nowUTC()),
		UnsubscribeToken: c.QueryParam("token")})
}

// unsubscribe (POST /subscribe/unsubscribe) deletes the subscription. It
// is the RFC 8058 one-click target: mail clients POST
// List-Unsubscribe=One-Click to the List-Unsubscribe URL, which carries
// the token; the signed token alone authenticates it (no session, no CSRF
// token) and the answer is 200. Following it twice is fine.
func (s *Server) unsubscribe(c echo.Context) error {
	claims, err := s.subscriptionClaims(c, token.Manage)
	if err != nil {
		return err
	}
	if err := s.store.Unsubscribe(c.Request().Context(), claims.SubscriberID, claims.Nonce); err != nil {
		return err
	}
	return s.renderSubscribeMessage(c, "subscribe.unsubscribed", nil, subscribeMessagePage{})
}
