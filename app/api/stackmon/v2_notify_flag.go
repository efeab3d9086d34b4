package stackmon

import (
	"github.com/labstack/echo/v4"

	"statusdash/app/store"
)

// notifyingActor is the request's actor, kept from notifying subscribers
// when the body says "notify": false (absent means true).
func notifyingActor(c echo.Context, notify *bool) store.Actor {
	a := actor(c)
	a.NoNotify = notify != nil && !*notify
	return a
}
