package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"statusdash/app/notify"
	"statusdash/app/store"
)

// DeliveryAdmin lists and retries notification deliveries (notify.Notifier).
type DeliveryAdmin interface {
	ListDeliveries(ctx context.Context, state notify.DeliveryState, after string, limit int) (notify.DeliveryPage, error)
	RetryDelivery(ctx context.Context, id int64) (notify.DeliveryRow, error)
}

// deliveriesPerPage is how many deliveries a page lists.
const deliveriesPerPage = 50

// pageManageDeliveries is the admin's list of deliveries.
const pageManageDeliveries = "pages/manage_deliveries"

// deliveryStates are the tabs of the list, in order.
var deliveryStates = []notify.DeliveryState{notify.DeliveryFailed, notify.DeliveryPending, notify.DeliverySent}

// manageDeliveriesPage is the data of pages/manage_deliveries.
type manageDeliveriesPage struct {
	managePage
	State      notify.DeliveryState
	States     []notify.DeliveryState
	Deliveries []notify.DeliveryRow
	NextURL    string
}

// listDeliveries (GET /admin/deliveries?state=failed&after=CURSOR) lists
// one state's deliveries, newest first, with their attempts and last error.
func (m *manager) listDeliveries(c echo.Context) error {
	if m.server.deliveries == nil {
		return notFound("Notifications are not running in this process.")
	}
	state := notify.DeliveryState(c.QueryParam("state"))
	if state == "" {
		state = notify.DeliveryFailed
	}
	if !isDeliveryState(state) {
		return badRequest("state", "must be failed, pending or sent, got %q", truncate(string(state), 40))
	}
	after := c.QueryParam("after")
	if len(after) > 512 {
		return badRequest("after", "is not a page of this list")
	}
	result, err := m.server.deliveries.ListDeliveries(c.Request().Context(), state, after, deliveriesPerPage)
	if err != nil {
		if after != "" {
			return badRequest("after", "is not a page of this list")
		}
		return err
	}
	page := &manageDeliveriesPage{managePage: m.page(c, "Deliveries", "deliveries"), State: state, States: deliveryStates,
		Deliveries: result.Deliveries}
	if result.Next != "" {
		page.NextURL = "/admin/deliveries?" + url.Values{"state": {string(state)}, "after": {result.Next}}.Encode()
	}
	return m.render(c, http.StatusOK, pageManageDeliveries, page)
}

// retryDelivery (POST /admin/deliveries/:id/retry) runs a delivery again
// now and records it in the audit log.
func (m *manager) retryDelivery(c echo.Context) error {
	if m.server.deliveries == nil {
		return notFound("Notifications are not running in this process.")
	}
	raw := c.Param("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return notFound("There is no delivery %q.", truncate(raw, 40))
	}
	ctx := c.Request().Context()
	row, err := m.server.deliveries.RetryDelivery(ctx, id)
	if errors.Is(err, notify.ErrNoDelivery) {
		return notFound("There is no delivery %d.", id)
	}
	if err != nil {
		return err
	}
	after := fmt.Sprintf(`{"recipient":%q,"event_id":%d,"attempts":%d,"state":%q}`, row.Recipient.Key, row.Event.EventID,
		row.Attempts, row.State)
	if err := m.server.store.RecordAudit(ctx, actor(c), store.ActionDeliveryRetry, fmt.Sprintf("delivery:%d", id), "", after,
		m.server.nowUTC()); err != nil {
		return err
	}
	return seeOther(c, "/admin/deliveries?state=pending")
}

func isDeliveryState(state notify.DeliveryState) bool {
	for _, known := range deliveryStates {
		if state == known {
			return true
		}
	}
	return false
}
