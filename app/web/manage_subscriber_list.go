package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"statusdash/app/store"
)

// subscribersPerPage is how many subscribers the admin list shows a page.
const subscribersPerPage = 50

// Template set names of the admin's subscriber pages.
const (
	pageManageSubscribers = "pages/manage_subscribers"
	pageManageWebhooks    = "pages/manage_webhooks"
)

// manageSubscribersPage is the data of pages/manage_subscribers and
// pages/manage_webhooks.
type manageSubscribersPage struct {
	managePage
	Counts      []store.ScopeCount
	Search      string
	Subscribers []store.Subscriber
	Total       int64
	Pagination  pagination
	// ChatKinds and the form's values: the webhook page's add form.
	ChatKinds []string
	URL       string
	ChatKind  string
}

// listSubscribers (GET /admin/subscribers?q=...&page=N) counts
// subscribers per scope and lists them, searched by address.
func (m *manager) listSubscribers(c echo.Context) error {
	page, err := m.subscriberList(c, "Subscribers", "subscribers", "", "/admin/subscribers")
	if err != nil {
		return err
	}
	if page.Counts, err = m.server.store.SubscriberScopeCounts(c.Request().Context()); err != nil {
		return err
	}
	return m.render(c, http.StatusOK, pageManageSubscribers, page)
}

// subscriberList reads the search and page parameters and one page of
// subscribers of the kind ("" for every kind).
func (m *manager) subscriberList(c echo.Context, title, nav, kind, path string) (*manageSubscribersPage, error) {
	number := 1
	if raw := c.QueryParam("page"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > 1_000_000 {
			return nil, badRequest("page", "must be a whole number from 1, got %q", truncate(raw, 40))
		}
		number = n
	}
	search := strings.TrimSpace(c.QueryParam("q"))
	if len(search) > 200 {
		return nil, badRequest("q", "may have at most 200 characters")
	}
	subscribers, total, err := m.server.store.ListSubscribers(c.Request().Context(),
		store.SubscriberFilter{Kind: kind, Address: search, Page: number, PerPage: subscribersPerPage})
	if err != nil {
		return nil, err
	}
	pages := max(int((total+subscribersPerPage-1)/subscribersPerPage), 1)
	page := &manageSubscribersPage{managePage: m.page(c, title, nav), Search: search, Subscribers: subscribers,
		Total: total, Pagination: pagination{Page: number, Pages: pages}}
	link := func(n int) string {
		query := url.Values{"page": {strconv.Itoa(n)}}
		if search != "" {
			query.Set("q", search)
		}
		return path + "?" + query.Encode()
	}
	if number > 1 {
		page.Pagination.PreviousURL = link(min(number-1, pages))
	}
	if number < pages {
		page.Pagination.NextURL = link(number + 1)
	}
	return page, nil
}

// removeSubscriber (POST /admin/subscribers/:id/delete, and the same under
// /admin/webhooks) deletes a subscriber or webhook, with an audit row.
func (m *manager) removeSubscriber(back string) echo.HandlerFunc {
	return func(c echo.Context) error {
		raw := c.Param("id")
		id, err := strconv.ParseUint(raw, 10, 32)
		if err != nil || id == 0 {
			return notFound("There is no subscriber %q.", truncate(raw, 40))
		}
		err = m.server.store.RemoveSubscriber(c.Request().Context(), actor(c), uint(id), m.server.nowUTC())
		if errors.Is(err, store.ErrNotFound) {
			return notFound("There is no subscriber %d.", id)
		}
		if err != nil {
			return err
		}
		return seeOther(c, back)
	}
}
