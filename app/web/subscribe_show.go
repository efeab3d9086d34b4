package web

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"statusdash/app/incident"
	"statusdash/app/notify/token"
	"statusdash/app/render"
	"statusdash/app/store"
)

// Template set names of the subscription pages.
const (
	pageSubscribe        = "pages/subscribe"
	pageSubscribeManage  = "pages/subscribe_manage"
	pageSubscribeMessage = "pages/subscribe_message"
)

// subscribeTemplates are the subscription pages the server must have.
var subscribeTemplates = []string{pageSubscribe, pageSubscribeManage, pageSubscribeMessage, pageManageSubscribers, pageManageWebhooks}

// subscribePage is the data of pages/subscribe.
type subscribePage struct {
	render.Page
	Form    subscribeForm
	Choices scopeChoices
	Errors  incident.FieldErrors
}

// subscribeMessagePage is the data of pages/subscribe_message: one
// heading and message, with a form or link to go on.
type subscribeMessagePage struct {
	render.Page
	Heading string
	Message string
	// ManageURL links to the manage page, when the reader may have it.
	ManageURL string
	// UnsubscribeToken asks to confirm an unsubscribe with a button.
	UnsubscribeToken string
}

// subscriptions is what the subscription pages need beyond the server's
// usual parts; nil when they are off (no sender or no secret key).
type subscriptions struct {
	sender ConfirmationSender
	links  token.Links
}

// newSubscriptions builds the subscription parts, or nil without a
// sender; a secret key too short is an error, as sign-in treats it.
func newSubscriptions(sender ConfirmationSender, baseURL, secretKey string) (*subscriptions, error) {
	if sender == nil {
		return nil, nil
	}
	signer, err := token.NewSigner(secretKey)
	if err != nil {
		return nil, err
	}
	return &subscriptions{sender: sender, links: token.Links{BaseURL: baseURL, Signer: signer}}, nil
}

// errSubscriptionsOff answers every subscription page of an installation
// that sends no mail.
var errSubscriptionsOff = localizedError(http.StatusServiceUnavailable, "subscribe.off")

// showSubscribe (GET /subscribe) shows the subscription form.
func (s *Server) showSubscribe(c echo.Context) error {
	if s.subscriptions == nil {
		return errSubscriptionsOff
	}
	tree, err := s.store.ReadCatalog(c.Request().Context())
	if err != nil {
		return err
	}
	form := subscribeForm{WholePage: true, News: store.NewsBoth, ChatKind: store.ChatGeneric}
	return s.renderSubscribe(c, http.StatusOK, tree, form, nil)
}

func (s *Server) renderSubscribe(c echo.Context, status int, tree *store.CatalogTree, form subscribeForm, errs incident.FieldErrors) error {
	req := s.plainRequest(c)
	page := &subscribePage{Page: s.basePage(req, req.lang.MustT("subscribe.title"), "subscribe"), Form: form,
		Choices: choicesOf(tree, form), Errors: errs}
	return s.renderUncached(c, status, pageSubscribe, page)
}

// renderUncached writes a page that neither the page cache nor a browser keeps.
func (s *Server) renderUncached(c echo.Context, status int, name string, data any) error {
	body, err := s.renderer.Bytes(name, data)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.HTMLBlob(status, body)
}

// renderSubscribeMessage writes a subscription page of one message: key's
// heading and message (key.heading, key.message with args) in the
// reader's language.
func (s *Server) renderSubscribeMessage(c echo.Context, key string, args []any, page subscribeMessagePage) error {
	req := s.plainRequest(c)
	page.Heading = req.lang.MustT(key + ".heading")
	page.Message = req.lang.MustT(key+".message", args...)
	page.Page = s.basePage(req, page.Heading, "subscribe")
	return s.renderUncached(c, http.StatusOK, pageSubscribeMessage, &page)
}

// subscriptionClaims checks the link's token (query or form field
// "token"); forged, expired or for another purpose is 400 naming it.
func (s *Server) subscriptionClaims(c echo.Context, purpose token.Purpose) (token.Claims, error) {
	if s.subscriptions == nil {
		return token.Claims{}, errSubscriptionsOff
	}
	raw := c.FormValue("token")
	if raw == "" {
		return token.Claims{}, localizedError(http.StatusBadRequest, "subscribe.token_required")
	}
	claims, err := s.subscriptions.links.Signer.Verify(raw, purpose, s.now())
	switch {
	case errors.Is(err, token.ErrExpired):
		return token.Claims{}, localizedError(http.StatusBadRequest, "subscribe.token_expired")
	case err != nil:
		return token.Claims{}, localizedError(http.StatusBadRequest, "subscribe.token_invalid")
	}
	return claims, nil
}

// goneSubscription answers a valid token whose subscription no longer exists.
func goneSubscription(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return localizedError(http.StatusBadRequest, "subscribe.token_removed")
	}
	return err
}

// nowUTC is the server's clock in UTC, for tokens and rows.
func (s *Server) nowUTC() time.Time { return s.now().UTC() }
