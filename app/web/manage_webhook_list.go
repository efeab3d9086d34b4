package web

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"statusdash/app/incident"
	"statusdash/app/store"
)

// listWebhooks (GET /admin/webhooks) lists the webhooks with the form to add one.
func (m *manager) listWebhooks(c echo.Context) error {
	page, err := m.subscriberList(c, "Webhooks", "webhooks", store.SubscriberWebhook, "/admin/webhooks")
	if err != nil {
		return err
	}
	page.ChatKinds, page.ChatKind = store.ChatKinds, store.ChatGeneric
	return m.render(c, http.StatusOK, pageManageWebhooks, page)
}

// createWebhook (POST /admin/webhooks) adds a confirmed webhook following
// the whole page, with an audit row: http or https, and no private
// address unless SDB_WEBHOOK_ALLOW_PRIVATE is set.
func (m *manager) createWebhook(c echo.Context) error {
	target := strings.TrimSpace(c.FormValue("url"))
	chatKind := c.FormValue("chat_kind")
	errs := incident.FieldErrors{}
	if target == "" {
		errs["url"] = "is required"
	} else if problem := checkWebhookURL(target, m.server.config.WebhookAllowPrivate); problem != "" {
		errs["url"] = m.server.locales.Default().MustT(problem)
	}
	if !slices.Contains(store.ChatKinds, chatKind) {
		errs["chat_kind"] = "must be one of " + strings.Join(store.ChatKinds, ", ")
	}
	if len(errs) == 0 {
		_, err := m.server.store.CreateWebhook(c.Request().Context(), actor(c), target, chatKind,
			store.SubscriberScope{WholePage: true, News: store.NewsBoth}, m.server.nowUTC())
		switch {
		case errors.Is(err, store.ErrConflict):
			errs["url"] = "is already a webhook"
		case err != nil:
			return err
		default:
			return seeOther(c, "/admin/webhooks")
		}
	}
	page, err := m.subscriberList(c, "Webhooks", "webhooks", store.SubscriberWebhook, "/admin/webhooks")
	if err != nil {
		return err
	}
	page.ChatKinds, page.URL, page.ChatKind, page.Errors = store.ChatKinds, target, chatKind, errs
	return m.render(c, http.StatusUnprocessableEntity, pageManageWebhooks, page)
}
