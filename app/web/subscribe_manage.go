package web

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"statusdash/app/incident"
	"statusdash/app/notify/token"
	"statusdash/app/render"
	"statusdash/app/store"
)

// subscribeManagePage is the data of pages/subscribe_manage.
type subscribeManagePage struct {
	render.Page
	Token      string
	Subscriber *store.Subscriber
	Choices    scopeChoices
	Errors     incident.FieldErrors
	// Saved says the scope was just changed.
	Saved bool
}

// showManageSubscription (GET /subscribe/manage?token=...) shows what the
// subscriber follows, to change it or unsubscribe.
func (s *Server) showManageSubscription(c echo.Context) error {
	claims, err := s.subscriptionClaims(c, token.Manage)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	subscriber, scope, err := s.store.SubscriberWithScope(ctx, claims.SubscriberID, claims.Nonce)
	if err != nil {
		return goneSubscription(err)
	}
	tree, err := s.store.ReadCatalog(ctx)
	if err != nil {
		return err
	}
	return s.renderManage(c, http.StatusOK, subscriber, tree, formOfScope(scope), nil, c.QueryParam("saved") != "")
}

// changeSubscription (POST /subscribe/manage) replaces what the subscriber
// follows. The signed token in the form is the authority: no session.
func (s *Server) changeSubscription(c echo.Context) error {
	claims, err := s.subscriptionClaims(c, token.Manage)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	values, err := c.FormParams()
	if err != nil {
		return badRequest("form", "cannot be read: %v", err)
	}
	subscriber, _, err := s.store.SubscriberWithScope(ctx, claims.SubscriberID, claims.Nonce)
	if err != nil {
		return goneSubscription(err)
	}
	tree, err := s.store.ReadCatalog(ctx)
	if err != nil {
		return err
	}
	say := s.readerLanguage(c).MustT
	form, errs := parseSubscribeForm(values, say)
	validateScopeForm(form, tree, errs, say)
	if len(errs) == 0 {
		err = s.store.ChangeSubscriberScope(ctx, claims.SubscriberID, claims.Nonce, form.scope())
		if v, ok := store.AsValidation(err); ok {
			errs = v.Fields
		} else if err != nil {
			return goneSubscription(err)
		}
	}
	if len(errs) > 0 {
		return s.renderManage(c, http.StatusUnprocessableEntity, subscriber, tree, form, errs, false)
	}
	return seeOther(c, token.ManagePath+"?"+url.Values{"token": {values.Get("token")}, "saved": {"1"}}.Encode())
}

func (s *Server) renderManage(c echo.Context, status int, subscriber *store.Subscriber, tree *store.CatalogTree,
	form subscribeForm, errs incident.FieldErrors, saved bool) error {
	req := s.plainRequest(c)
	page := &subscribeManagePage{Page: s.basePage(req, req.lang.MustT("subscribe.manage.title"), "subscribe"),
		Token: c.FormValue("token"), Subscriber: subscriber, Choices: choicesOf(tree, form), Errors: errs, Saved: saved}
	return s.renderUncached(c, status, pageSubscribeManage, page)
}
